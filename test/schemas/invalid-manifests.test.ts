// What users get wrong, and where the schema check must point: each case is one mistake in an
// otherwise valid manifest, with the field path and the rule (schema keyword) the finding must carry.
import { strict as assert } from 'node:assert';
import { SchemaValidator } from '../../policies/schema-validator.js';

const validator = new SchemaValidator();

type Manifest = Record<string, any>;

const maxscale = (): Manifest => ({
  apiVersion: 'enterprise.mariadb.com/v1alpha1',
  kind: 'MaxScale',
  metadata: { name: 'maxscale-galera', namespace: 'default' },
  spec: {
    mariaDbRef: { name: 'mariadb-galera' },
    services: [{ name: 'rw-router', router: 'readwritesplit', listener: { port: 3306 } }],
    monitor: { module: 'galeramon', interval: '2s', cooperativeMonitoring: 'majority_of_all' },
    servers: [{ name: 'mariadb-0', address: 'mariadb-galera-0.mariadb-galera-internal.default.svc.cluster.local' }],
    admin: { port: 8989, guiEnabled: true },
    auth: { adminUsername: 'mariadb-enterprise-operator', adminPasswordSecretKeyRef: { name: 'maxscale', key: 'password' } },
    config: { volumeClaimTemplate: { resources: { requests: { storage: '100Mi' } }, accessModes: ['ReadWriteOnce'] } },
  },
});

const mariadb = (): Manifest => ({
  apiVersion: 'enterprise.mariadb.com/v1alpha1',
  kind: 'MariaDB',
  metadata: { name: 'mariadb-galera' },
  spec: { replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true }, maxScaleRef: { name: 'maxscale-galera' } },
});

const connection = (): Manifest => ({
  apiVersion: 'enterprise.mariadb.com/v1alpha1',
  kind: 'Connection',
  metadata: { name: 'connection-maxscale' },
  spec: { maxScaleRef: { name: 'maxscale-galera' }, username: 'app', passwordSecretKeyRef: { name: 'app', key: 'password' }, port: 3306 },
});

interface Case {
  what: string;
  manifest: Manifest;
  path: string;
  rule: string;
}

function edit(base: () => Manifest, change: (m: Manifest) => void): Manifest {
  const manifest = base();
  change(manifest);
  return manifest;
}

const cases: Case[] = [
  // Misspelled and unknown fields: kubectl's strict field validation rejects them, so must we.
  {
    what: 'a misspelled monitor',
    manifest: edit(maxscale, (m) => {
      m.spec.monitr = m.spec.monitor;
      delete m.spec.monitor;
    }),
    path: 'spec.monitr',
    rule: 'schema/unknown-field',
  },
  {
    what: 'mariaDBRef in the wrong case',
    manifest: edit(maxscale, (m) => {
      m.spec.mariaDBRef = m.spec.mariaDbRef;
      delete m.spec.mariaDbRef;
    }),
    path: 'spec.mariaDBRef',
    rule: 'schema/unknown-field',
  },
  {
    what: 'an unknown field in a service',
    manifest: edit(maxscale, (m) => {
      m.spec.services[0].routr = 'readwritesplit';
    }),
    path: 'spec.services[0].routr',
    rule: 'schema/unknown-field',
  },
  {
    what: 'an unknown top-level field',
    manifest: edit(maxscale, (m) => {
      m.specs = {};
    }),
    path: 'specs',
    rule: 'schema/unknown-field',
  },
  {
    what: 'an unknown field in metadata',
    manifest: edit(mariadb, (m) => {
      m.metadata.label = { a: 'b' };
    }),
    path: 'metadata.label',
    rule: 'schema/unknown-field',
  },
  {
    what: 'an unknown field in a pod security context',
    manifest: edit(maxscale, (m) => {
      m.spec.podSecurityContext = { runAsUsr: 999 };
    }),
    path: 'spec.podSecurityContext.runAsUsr',
    rule: 'schema/unknown-field',
  },
  {
    what: 'podAffinity misspelled in affinity',
    manifest: edit(mariadb, (m) => {
      m.spec.affinity = { podAntiAfinity: {} };
    }),
    path: 'spec.affinity.podAntiAfinity',
    rule: 'schema/unknown-field',
  },
  // Fields of full Kubernetes types that the operators' lean copies do not have: their CRDs prune them.
  {
    what: 'podAffinity, which the operators do not support',
    manifest: edit(mariadb, (m) => {
      m.spec.affinity = { podAffinity: {} };
    }),
    path: 'spec.affinity.podAffinity',
    rule: 'schema/unknown-field',
  },
  {
    what: 'a gRPC probe, which the operators do not support',
    manifest: edit(mariadb, (m) => {
      m.spec.livenessProbe = { grpc: { port: 9000 } };
    }),
    path: 'spec.livenessProbe.grpc',
    rule: 'schema/unknown-field',
  },
  {
    what: 'a projected volume, which the operators do not support',
    manifest: edit(mariadb, (m) => {
      m.spec.volumes = [{ name: 'p', projected: { sources: [] } }];
    }),
    path: 'spec.volumes[0].projected',
    rule: 'schema/unknown-field',
  },
  // Closed sets of values.
  {
    what: 'router: readwrite',
    manifest: edit(maxscale, (m) => {
      m.spec.services[0].router = 'readwrite';
    }),
    path: 'spec.services[0].router',
    rule: 'schema/enum',
  },
  {
    what: 'cooperativeMonitoring: majority',
    manifest: edit(maxscale, (m) => {
      m.spec.monitor.cooperativeMonitoring = 'majority';
    }),
    path: 'spec.monitor.cooperativeMonitoring',
    rule: 'schema/enum',
  },
  {
    what: 'an unknown monitor module',
    manifest: edit(maxscale, (m) => {
      m.spec.monitor.module = 'galeramonitor';
    }),
    path: 'spec.monitor.module',
    rule: 'schema/enum',
  },
  {
    what: 'a Service type in lower case',
    manifest: edit(maxscale, (m) => {
      m.spec.kubernetesService = { type: 'loadbalancer' };
    }),
    path: 'spec.kubernetesService.type',
    rule: 'schema/enum',
  },
  {
    what: 'an unknown Galera SST method',
    manifest: edit(mariadb, (m) => {
      m.spec.galera.sst = 'xtrabackup';
    }),
    path: 'spec.galera.sst',
    rule: 'schema/enum',
  },
  {
    what: 'an unknown update strategy',
    manifest: edit(mariadb, (m) => {
      m.spec.updateStrategy = { type: 'Recreate' };
    }),
    path: 'spec.updateStrategy.type',
    rule: 'schema/enum',
  },
  {
    what: 'an unknown imagePullPolicy',
    manifest: edit(maxscale, (m) => {
      m.spec.imagePullPolicy = 'Sometimes';
    }),
    path: 'spec.imagePullPolicy',
    rule: 'schema/enum',
  },
  {
    // The operator's MariaDB has no PVC retention policy (its CRD would prune it): reported, not enum-checked.
    what: 'a PVC retention policy, which the operator does not have',
    manifest: edit(mariadb, (m) => {
      m.spec.storage.pvcRetentionPolicy = { whenDeleted: 'Keep' };
    }),
    path: 'spec.storage.pvcRetentionPolicy',
    rule: 'schema/unknown-field',
  },
  {
    what: 'a listener protocol as a number',
    manifest: edit(maxscale, (m) => {
      m.spec.services[0].listener.protocol = 5;
    }),
    path: 'spec.services[0].listener.protocol',
    rule: 'schema/type',
  },
  // Ranges.
  {
    what: 'port: 70000',
    manifest: edit(maxscale, (m) => {
      m.spec.services[0].listener.port = 70000;
    }),
    path: 'spec.services[0].listener.port',
    rule: 'schema/maximum',
  },
  {
    what: 'port: 0',
    manifest: edit(mariadb, (m) => {
      m.spec.port = 0;
    }),
    path: 'spec.port',
    rule: 'schema/minimum',
  },
  {
    what: 'an admin port over 65535',
    manifest: edit(maxscale, (m) => {
      m.spec.admin.port = 89890;
    }),
    path: 'spec.admin.port',
    rule: 'schema/maximum',
  },
  {
    what: 'negative replicas',
    manifest: edit(maxscale, (m) => {
      m.spec.replicas = -1;
    }),
    path: 'spec.replicas',
    rule: 'schema/minimum',
  },
  {
    what: 'negative max connections',
    manifest: edit(maxscale, (m) => {
      m.spec.auth.clientMaxConnections = -1;
    }),
    path: 'spec.auth.clientMaxConnections',
    rule: 'schema/minimum',
  },
  // Formats and patterns.
  {
    what: 'interval: 2 seconds',
    manifest: edit(maxscale, (m) => {
      m.spec.monitor.interval = '2 seconds';
    }),
    path: 'spec.monitor.interval',
    rule: 'schema/pattern',
  },
  {
    what: 'a sync timeout without a unit',
    manifest: edit(maxscale, (m) => {
      m.spec.config.sync = { database: 'mysql', interval: '5s', timeout: '10' };
    }),
    path: 'spec.config.sync.timeout',
    rule: 'schema/pattern',
  },
  {
    what: 'size: 1GB',
    manifest: edit(mariadb, (m) => {
      m.spec.storage.size = '1GB';
    }),
    path: 'spec.storage.size',
    rule: 'schema/pattern',
  },
  {
    what: 'a volume claim of 100MB',
    manifest: edit(maxscale, (m) => {
      m.spec.config.volumeClaimTemplate.resources.requests.storage = '100MB';
    }),
    path: 'spec.config.volumeClaimTemplate.resources.requests.storage',
    rule: 'schema/pattern',
  },
  {
    what: 'a memory limit of 1.5 as a number',
    manifest: edit(mariadb, (m) => {
      m.spec.resources = { limits: { memory: 1.5 } };
    }),
    path: 'spec.resources.limits.memory',
    rule: 'schema/type',
  },
  {
    what: 'an upper-case object name',
    manifest: edit(mariadb, (m) => {
      m.metadata.name = 'MariaDB_Galera';
    }),
    path: 'metadata.name',
    rule: 'schema/pattern',
  },
  {
    what: 'a mariaDbRef name with a space',
    manifest: edit(maxscale, (m) => {
      m.spec.mariaDbRef.name = 'mariadb galera';
    }),
    path: 'spec.mariaDbRef.name',
    rule: 'schema/pattern',
  },
  {
    what: 'a server address with a URL scheme',
    manifest: edit(maxscale, (m) => {
      m.spec.servers[0].address = 'mysql://mariadb-0:3306';
    }),
    path: 'spec.servers[0].address',
    rule: 'schema/pattern',
  },
  {
    what: 'a health check interval in words',
    manifest: edit(connection, (m) => {
      m.spec.healthCheck = { interval: 'every minute' };
    }),
    path: 'spec.healthCheck.interval',
    rule: 'schema/pattern',
  },
  // Types.
  {
    what: 'replicas as a string',
    manifest: edit(maxscale, (m) => {
      m.spec.replicas = 'two';
    }),
    path: 'spec.replicas',
    rule: 'schema/type',
  },
  {
    what: 'a port as a string',
    manifest: edit(connection, (m) => {
      m.spec.port = '3306';
    }),
    path: 'spec.port',
    rule: 'schema/type',
  },
  {
    what: 'maintenance as a string',
    manifest: edit(maxscale, (m) => {
      m.spec.servers[0].maintenance = 'yes';
    }),
    path: 'spec.servers[0].maintenance',
    rule: 'schema/type',
  },
  {
    what: 'a monitor param as a boolean',
    manifest: edit(maxscale, (m) => {
      m.spec.monitor.params = { disable_master_failback: false };
    }),
    path: 'spec.monitor.params.disable_master_failback',
    rule: 'schema/type',
  },
  {
    what: 'an annotation value as a number',
    manifest: edit(maxscale, (m) => {
      m.spec.kubernetesService = { metadata: { annotations: { 'metallb.universe.tf/loadBalancerIPs': 1 } } };
    }),
    path: 'spec.kubernetesService.metadata.annotations[metallb.universe.tf/loadBalancerIPs]',
    rule: 'schema/type',
  },
  {
    what: 'services as an object',
    manifest: edit(maxscale, (m) => {
      m.spec.services = { name: 'rw-router' };
    }),
    path: 'spec.services',
    rule: 'schema/type',
  },
  {
    what: 'galera: true instead of galera.enabled',
    manifest: edit(mariadb, (m) => {
      m.spec.galera = true;
    }),
    path: 'spec.galera',
    rule: 'schema/type',
  },
  {
    what: 'minAvailable as a float',
    manifest: edit(maxscale, (m) => {
      m.spec.podDisruptionBudget = { minAvailable: 1.5 };
    }),
    path: 'spec.podDisruptionBudget.minAvailable',
    rule: 'schema/type',
  },
  // Required values.
  {
    what: 'no metadata.name',
    manifest: edit(mariadb, (m) => {
      delete m.metadata.name;
    }),
    path: 'metadata.name',
    rule: 'schema/required',
  },
  {
    what: 'no kind',
    manifest: edit(connection, (m) => {
      delete m.metadata;
    }),
    path: 'metadata',
    rule: 'schema/required',
  },
  {
    what: 'a server without an address',
    manifest: edit(maxscale, (m) => {
      delete m.spec.servers[0].address;
    }),
    path: 'spec.servers[0].address',
    rule: 'schema/required',
  },
  {
    what: 'a service without a listener',
    manifest: edit(maxscale, (m) => {
      delete m.spec.services[0].listener;
    }),
    path: 'spec.services[0].listener',
    rule: 'schema/required',
  },
  {
    what: 'a listener without a port',
    manifest: edit(maxscale, (m) => {
      m.spec.services[0].listener = { protocol: 'MariaDBProtocol' };
    }),
    path: 'spec.services[0].listener.port',
    rule: 'schema/required',
  },
  {
    what: 'a secret key ref without a key',
    manifest: edit(maxscale, (m) => {
      m.spec.auth.adminPasswordSecretKeyRef = { name: 'maxscale' };
    }),
    path: 'spec.auth.adminPasswordSecretKeyRef.key',
    rule: 'schema/required',
  },
  {
    what: 'a Connection without a username',
    manifest: edit(connection, (m) => {
      delete m.spec.username;
    }),
    path: 'spec.username',
    rule: 'schema/required',
  },
  {
    what: 'a MariaDB without a spec',
    manifest: edit(mariadb, (m) => {
      delete m.spec;
    }),
    path: 'spec',
    rule: 'schema/required',
  },
];

describe('schemas reject what users get wrong, at the field they got wrong', () => {
  it('has a table of at least 30 cases', () => {
    assert.ok(cases.length >= 30, `${cases.length} cases`);
  });

  for (const { what, manifest, path, rule } of cases) {
    it(`${what} → ${path} (${rule})`, async () => {
      const findings = await validator.validate(manifest);
      assert.ok(findings, 'the kind is served');
      const match = findings.find((f) => f.path === path && f.rule === rule);
      assert.ok(match, `expected ${rule} at ${path}, got ${JSON.stringify(findings, null, 1)}`);
      assert.equal(match.severity, 'error');
      // One mistake, one finding: the user is not sent after ajv's internal branches.
      assert.equal(findings.length, 1, JSON.stringify(findings, null, 1));
    });
  }

  it('suggests the field that was meant', async () => {
    const [finding] = (await validator.validate(cases[0]!.manifest))!;
    assert.match(finding!.message, /unknown field "monitr": did you mean "monitor"\?/);
  });

  it('says what a duration and a quantity look like', async () => {
    const duration = (await validator.validate(
      edit(maxscale, (m) => {
        m.spec.monitor.interval = '2 seconds';
      }),
    ))!;
    assert.match(duration[0]!.message, /Invalid value: "2 seconds": must be a duration such as 2s/);
    const quantity = (await validator.validate(
      edit(mariadb, (m) => {
        m.spec.storage.size = '1GB';
      }),
    ))!;
    assert.match(quantity[0]!.message, /Invalid value: "1GB": must be a quantity such as 500m, 1Gi/);
  });

  it('lists the supported values of a closed set, as the API server does', async () => {
    const [finding] = (await validator.validate(
      edit(maxscale, (m) => {
        m.spec.services[0].router = 'readwrite';
      }),
    ))!;
    assert.equal(finding!.message, 'Unsupported value: "readwrite": supported values: "readwritesplit", "readconnroute"');
    assert.equal(finding!.reason, 'FieldValueNotSupported');
  });

  it('rejects an apiVersion of another group for the same kind', async () => {
    const findings = await validator.validate(
      edit(maxscale, (m) => {
        m.apiVersion = 'k8s.mariadb.com/v1alpha1';
      }),
    );
    assert.deepEqual(findings, [], 'the community group serves MaxScale too');
    assert.equal(
      await validator.validate(
        edit(maxscale, (m) => {
          m.apiVersion = 'mariadb.com/v1alpha1';
        }),
      ),
      undefined,
    );
  });
});

// The KubeDB schemas (kubedb.com/v1 MariaDB, apps.k8s.appscode.com/v1 PlacementPolicy, controller.kubeslice.io
// SliceConfig) accept the seed manifests unchanged and reject what users get wrong, at the field they got
// wrong, with one finding per mistake. Quality checks (strict ajv, descriptions, closed objects) run for
// every kind in schema-quality.test.ts.
import { strict as assert } from 'node:assert';
import { run as celRun } from '@bufbuild/cel';
import { crdSchema } from '../../generator/crd/crd-object.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { createAjv } from '../../kinds/ajv-instance.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { manifestsIn } from '../support/fixtures.js';

const validator = new SchemaValidator();
const set = loadSchemas();
const seeds = manifestsIn('examples/seed-001-kubedb');

type Manifest = Record<string, any>;
const seed = (kind: string): Manifest => structuredClone(seeds.find((s) => s.object.kind === kind)!.object);

/** A fuller KubeDB MariaDB than the seed, as KubeDB's own docs and `kubectl get -o yaml` show it. */
const fullMariaDB = (): Manifest => ({
  apiVersion: 'kubedb.com/v1',
  kind: 'MariaDB',
  metadata: { name: 'sample-mariadb', namespace: 'demo' },
  spec: {
    version: '10.6.16',
    replicas: 3,
    topology: {
      mode: 'MariaDBReplication',
      maxscale: {
        replicas: 3,
        enableUI: true,
        storageType: 'Durable',
        storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Mi' } } },
      },
    },
    storageType: 'Durable',
    storage: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    authSecret: { name: 'sample-mariadb-auth', externallyManaged: false, activeFrom: '2025-04-08T06:42:36Z' },
    allowedSchemas: { namespaces: { from: 'Same' } },
    autoOps: {},
    healthChecker: { failureThreshold: 1, periodSeconds: 10, timeoutSeconds: 10 },
    monitor: {
      agent: 'prometheus.io/operator',
      prometheus: { exporter: { port: 56790, resources: {} }, serviceMonitor: { interval: '10s', labels: { release: 'prometheus' } } },
    },
    podTemplate: {
      controller: {},
      metadata: {},
      spec: {
        containers: [
          {
            name: 'mariadb',
            resources: { limits: { memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              runAsGroup: 999,
              runAsNonRoot: true,
              runAsUser: 999,
              seccompProfile: { type: 'RuntimeDefault' },
            },
          },
          { name: 'md-coordinator', resources: { limits: { memory: '256Mi' }, requests: { cpu: '200m', memory: '256Mi' } } },
        ],
        initContainers: [{ name: 'mariadb-init', resources: { limits: { memory: '512Mi' } } }],
        podPlacementPolicy: { name: 'default' },
        securityContext: { fsGroup: 999 },
        serviceAccountName: 'sample-mariadb',
      },
    },
    serviceTemplates: [
      { alias: 'primary', metadata: { annotations: { 'kubedb.com/test-annotation': 'test' } }, spec: { type: 'LoadBalancer', ports: [{ port: 3306 }] } },
    ],
    requireSSL: true,
    tls: {
      issuerRef: { apiGroup: 'cert-manager.io', kind: 'Issuer', name: 'md-issuer' },
      certificates: [
        {
          alias: 'server',
          dnsNames: ['localhost'],
          ipAddresses: ['127.0.0.1'],
          secretName: 'sample-mariadb-server-cert',
          subject: { organizations: ['kubedb:server'] },
        },
        { alias: 'archiver', secretName: 'sample-mariadb-archiver-cert' },
        { alias: 'metrics-exporter', secretName: 'sample-mariadb-metrics-exporter-cert' },
      ],
    },
    init: { script: { configMap: { name: 'md-init-script' } } },
    configuration: { inline: { 'md.cnf': '[mysqld]\nmax_connections = 500\n' } },
    deletionPolicy: 'WipeOut',
    wsrepSSTMethod: 'rsync',
  },
  status: {
    conditions: [
      {
        lastTransitionTime: '2025-04-08T06:44:29Z',
        message: 'database sample-mariadb/demo is ready',
        observedGeneration: 2,
        reason: 'ReadinessCheckSucceeded',
        status: 'True',
        type: 'Ready',
      },
    ],
    observedGeneration: 2,
    phase: 'Ready',
  },
});

/** The newer form of the seed's PlacementPolicy, as KubeDB's later docs write it. */
const spreadPolicy = (): Manifest => ({
  apiVersion: 'apps.k8s.appscode.com/v1',
  kind: 'PlacementPolicy',
  metadata: { name: 'distributed-mariadb', labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
  spec: {
    clusterSpreadConstraint: {
      distributionRules: [
        { clusterName: 'demo-controller', replicaIndices: [0, 2] },
        { clusterName: 'demo-worker', replicaIndices: [1] },
      ],
      slice: { projectNamespace: 'kubeslice-demo-distributed-mariadb', sliceName: 'demo-slice' },
    },
    nodeSpreadConstraint: { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' },
    zoneSpreadConstraint: { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' },
  },
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

const mariadb = () => seed('MariaDB');
const ocmPolicy = () => seed('PlacementPolicy');
const slice = () => seed('SliceConfig');

const cases: Case[] = [
  // KubeDB MariaDB
  {
    what: 'storageType in lower case',
    manifest: edit(mariadb, (m) => {
      m.spec.storageType = 'durable';
    }),
    path: 'spec.storageType',
    rule: 'schema/enum',
  },
  {
    what: 'deletionPolicy: Retain',
    manifest: edit(mariadb, (m) => {
      m.spec.deletionPolicy = 'Retain';
    }),
    path: 'spec.deletionPolicy',
    rule: 'schema/enum',
  },
  {
    what: 'terminationPolicy, the v1alpha2 name',
    manifest: edit(mariadb, (m) => {
      m.spec.terminationPolicy = 'WipeOut';
    }),
    path: 'spec.terminationPolicy',
    rule: 'schema/unknown-field',
  },
  {
    what: 'wsrepSSTMethod: xtrabackup',
    manifest: edit(mariadb, (m) => {
      m.spec.wsrepSSTMethod = 'xtrabackup';
    }),
    path: 'spec.wsrepSSTMethod',
    rule: 'schema/enum',
  },
  {
    what: 'topology mode: Galera',
    manifest: edit(mariadb, (m) => {
      m.spec.topology = { mode: 'Galera' };
    }),
    path: 'spec.topology.mode',
    rule: 'schema/enum',
  },
  {
    what: 'podPlacementPolicy directly under podTemplate',
    manifest: edit(mariadb, (m) => {
      m.spec.podTemplate = { podPlacementPolicy: { name: 'distributed-mariadb' } };
    }),
    path: 'spec.podTemplate.podPlacementPolicy',
    rule: 'schema/unknown-field',
  },
  {
    what: 'a podPlacementPolicy without a name',
    manifest: edit(mariadb, (m) => {
      m.spec.podTemplate.spec.podPlacementPolicy = {};
    }),
    path: 'spec.podTemplate.spec.podPlacementPolicy.name',
    rule: 'schema/required',
  },
  {
    what: 'replicas as a string',
    manifest: edit(mariadb, (m) => {
      m.spec.replicas = '3';
    }),
    path: 'spec.replicas',
    rule: 'schema/type',
  },
  {
    what: 'distributed as a string',
    manifest: edit(mariadb, (m) => {
      m.spec.distributed = 'true';
    }),
    path: 'spec.distributed',
    rule: 'schema/type',
  },
  {
    what: 'a storage request of 500MB',
    manifest: edit(mariadb, (m) => {
      m.spec.storage.resources.requests.storage = '500MB';
    }),
    path: 'spec.storage.resources.requests.storage',
    rule: 'schema/pattern',
  },
  {
    what: "storage size in the operators' size field",
    manifest: edit(mariadb, (m) => {
      m.spec.storage.size = '1Gi';
    }),
    path: 'spec.storage.size',
    rule: 'schema/unknown-field',
  },
  {
    what: 'no version',
    manifest: edit(mariadb, (m) => {
      delete m.spec.version;
    }),
    path: 'spec.version',
    rule: 'schema/required',
  },
  {
    what: 'no spec',
    manifest: edit(mariadb, (m) => {
      delete m.spec;
    }),
    path: 'spec',
    rule: 'schema/required',
  },
  {
    what: 'a MariaDB name with a dot (pod names must be DNS labels)',
    manifest: edit(mariadb, (m) => {
      m.metadata.name = 'maria.db';
    }),
    path: 'metadata.name',
    rule: 'schema/pattern',
  },
  {
    what: 'an authSecret without a name',
    manifest: edit(mariadb, (m) => {
      m.spec.authSecret = { externallyManaged: true };
    }),
    path: 'spec.authSecret.name',
    rule: 'schema/required',
  },
  {
    what: 'a service template alias of replica',
    manifest: edit(mariadb, (m) => {
      m.spec.serviceTemplates = [{ alias: 'replica' }];
    }),
    path: 'spec.serviceTemplates[0].alias',
    rule: 'schema/enum',
  },
  {
    what: 'a monitor agent of prometheus',
    manifest: edit(mariadb, (m) => {
      m.spec.monitor = { agent: 'prometheus' };
    }),
    path: 'spec.monitor.agent',
    rule: 'schema/enum',
  },
  {
    what: 'a status phase of Running',
    manifest: edit(mariadb, (m) => {
      m.status = { phase: 'Running' };
    }),
    path: 'status.phase',
    rule: 'schema/enum',
  },
  {
    what: 'a MaxScale of 0 replicas',
    manifest: edit(mariadb, (m) => {
      m.spec.topology = { mode: 'MariaDBReplication', maxscale: { replicas: 0 } };
    }),
    path: 'spec.topology.maxscale.replicas',
    rule: 'schema/minimum',
  },
  // PlacementPolicy
  {
    what: 'a negative replica index (ocm form)',
    manifest: edit(ocmPolicy, (m) => {
      m.spec.ocm.distributionRules[1].replicas = [-1];
    }),
    path: 'spec.ocm.distributionRules[1].replicas[0]',
    rule: 'schema/minimum',
  },
  {
    what: 'replica indices as a string (newer form)',
    manifest: edit(spreadPolicy, (m) => {
      m.spec.clusterSpreadConstraint.distributionRules[0].replicaIndices = '0,2';
    }),
    path: 'spec.clusterSpreadConstraint.distributionRules[0].replicaIndices',
    rule: 'schema/type',
  },
  {
    what: 'replicaIndices in the ocm form',
    manifest: edit(ocmPolicy, (m) => {
      m.spec.ocm.distributionRules[0].replicaIndices = [0];
    }),
    path: 'spec.ocm.distributionRules[0].replicaIndices',
    rule: 'schema/unknown-field',
  },
  {
    what: 'a distribution rule without clusterName',
    manifest: edit(spreadPolicy, (m) => {
      delete m.spec.clusterSpreadConstraint.distributionRules[1].clusterName;
    }),
    path: 'spec.clusterSpreadConstraint.distributionRules[1].clusterName',
    rule: 'schema/required',
  },
  {
    what: 'a slice without its project namespace',
    manifest: edit(spreadPolicy, (m) => {
      delete m.spec.clusterSpreadConstraint.slice.projectNamespace;
    }),
    path: 'spec.clusterSpreadConstraint.slice.projectNamespace',
    rule: 'schema/required',
  },
  {
    what: 'whenUnsatisfiable: Schedule',
    manifest: edit(ocmPolicy, (m) => {
      m.spec.zoneSpreadConstraint.whenUnsatisfiable = 'Schedule';
    }),
    path: 'spec.zoneSpreadConstraint.whenUnsatisfiable',
    rule: 'schema/enum',
  },
  {
    what: 'maxSkew: 0',
    manifest: edit(ocmPolicy, (m) => {
      m.spec.nodeSpreadConstraint.maxSkew = 0;
    }),
    path: 'spec.nodeSpreadConstraint.maxSkew',
    rule: 'schema/minimum',
  },
  {
    what: 'an upper-case cluster name',
    manifest: edit(ocmPolicy, (m) => {
      m.spec.ocm.distributionRules[0].clusterName = 'Demo-Controller';
    }),
    path: 'spec.ocm.distributionRules[0].clusterName',
    rule: 'schema/pattern',
  },
  // SliceConfig
  {
    what: 'a slice subnet without a prefix',
    manifest: edit(slice, (m) => {
      m.spec.sliceSubnet = '10.1.0.0';
    }),
    path: 'spec.sliceSubnet',
    rule: 'schema/pattern',
  },
  {
    what: 'maxClusters: 64',
    manifest: edit(slice, (m) => {
      m.spec.maxClusters = 64;
    }),
    path: 'spec.maxClusters',
    rule: 'schema/maximum',
  },
  {
    what: 'sliceGatewayType: WireGuard',
    manifest: edit(slice, (m) => {
      m.spec.sliceGatewayProvider.sliceGatewayType = 'WireGuard';
    }),
    path: 'spec.sliceGatewayProvider.sliceGatewayType',
    rule: 'schema/enum',
  },
  {
    what: 'cipher: AES-256-GCM',
    manifest: edit(slice, (m) => {
      m.spec.vpnConfig.cipher = 'AES-256-GCM';
    }),
    path: 'spec.vpnConfig.cipher',
    rule: 'schema/enum',
  },
  {
    what: 'QoS priority 5',
    manifest: edit(slice, (m) => {
      m.spec.qosProfileDetails.priority = 5;
    }),
    path: 'spec.qosProfileDetails.priority',
    rule: 'schema/maximum',
  },
  {
    what: 'dscpClass: AF14',
    manifest: edit(slice, (m) => {
      m.spec.qosProfileDetails.dscpClass = 'AF14';
    }),
    path: 'spec.qosProfileDetails.dscpClass',
    rule: 'schema/enum',
  },
  {
    what: 'QoS details without a DSCP class',
    manifest: edit(slice, (m) => {
      delete m.spec.qosProfileDetails.dscpClass;
    }),
    path: 'spec.qosProfileDetails.dscpClass',
    rule: 'schema/required',
  },
  {
    what: 'isolationEnabled as a string',
    manifest: edit(slice, (m) => {
      m.spec.namespaceIsolationProfile.isolationEnabled = 'false';
    }),
    path: 'spec.namespaceIsolationProfile.isolationEnabled',
    rule: 'schema/type',
  },
  {
    what: 'a namespace selection cluster of all',
    manifest: edit(slice, (m) => {
      m.spec.namespaceIsolationProfile.applicationNamespaces[0].clusters = ['ALL'];
    }),
    path: 'spec.namespaceIsolationProfile.applicationNamespaces[0].clusters[0]',
    rule: 'schema/pattern',
  },
  {
    what: 'rotationInterval of 7 days',
    manifest: edit(slice, (m) => {
      m.spec.rotationInterval = 7;
    }),
    path: 'spec.rotationInterval',
    rule: 'schema/minimum',
  },
];

describe('KubeDB schemas', () => {
  it("serve MariaDB, PlacementPolicy and SliceConfig, each in its own single group, with the real CRDs' names", async () => {
    const names = (group: string) =>
      set.kinds
        .filter((k) => k.sourceGroup === group)
        .map((k) => ({
          kind: k.kind,
          plural: k.plural,
          shortNames: k.shortNames,
          categories: k.categories,
          scope: k.scope,
          groups: k.groups,
          columns: k.printerColumns.map((c) => c.name),
          scale: k.scale,
        }));
    assert.deepEqual(names('kubedb.com'), [
      {
        kind: 'MariaDB',
        plural: 'mariadbs',
        shortNames: ['md'],
        categories: ['kubedb'],
        scope: 'Namespaced',
        groups: ['kubedb.com'],
        columns: ['Version', 'Status', 'Age'],
        scale: undefined,
      },
    ]);
    assert.deepEqual(names('apps.k8s.appscode.com'), [
      {
        kind: 'PlacementPolicy',
        plural: 'placementpolicies',
        shortNames: [],
        categories: ['appscode'],
        scope: 'Cluster',
        groups: ['apps.k8s.appscode.com'],
        columns: ['Age'],
        scale: undefined,
      },
    ]);
    assert.deepEqual(names('controller.kubeslice.io'), [
      {
        kind: 'SliceConfig',
        plural: 'sliceconfigs',
        shortNames: [],
        categories: ['kubeslice'],
        scope: 'Namespaced',
        groups: ['controller.kubeslice.io'],
        columns: ['Age'],
        scale: undefined,
      },
    ]);
  });

  it('finds the three seed manifests', async () => {
    assert.deepEqual(
      seeds.map((s) => s.object.kind),
      ['PlacementPolicy', 'SliceConfig', 'MariaDB'],
    );
  });

  for (const { file, index, object } of seeds) {
    it(`accepts ${file}#${index} (${String(object.kind)}) unchanged`, async () => {
      assert.deepEqual(await validator.validate(object), []);
    });
  }

  it('accepts a KubeDB MariaDB as its docs and the operator write it (topology, MaxScale, TLS, monitoring, status)', async () => {
    assert.deepEqual(await validator.validate(fullMariaDB()), []);
  });

  it('accepts the clusterSpreadConstraint form of the PlacementPolicy', async () => {
    assert.deepEqual(await validator.validate(spreadPolicy()), []);
  });

  it("tells KubeDB's MariaDB from the operators' MariaDB by apiVersion", async () => {
    const asOperators = { ...seed('MariaDB'), apiVersion: 'enterprise.mariadb.com/v1alpha1' };
    const findings = (await validator.validate(asOperators))!;
    assert.ok(
      findings.some((f) => f.rule === 'schema/unknown-field' && f.path === 'spec.distributed'),
      JSON.stringify(findings),
    );
    assert.equal(await validator.validate({ ...seed('MariaDB'), apiVersion: 'kubedb.com/v1alpha2' }), undefined);
    assert.equal(await validator.validate({ ...seed('PlacementPolicy'), apiVersion: 'apps.k8s.appscode.com/v1alpha1' }), undefined);
  });

  describe('reject what users get wrong, at the field they got wrong', () => {
    it('has a table of at least 10 cases', () => {
      assert.ok(cases.length >= 10, `${cases.length} cases`);
    });

    for (const { what, manifest, path, rule } of cases) {
      it(`${String(manifest.kind)}: ${what} → ${path} (${rule})`, async () => {
        const findings = await validator.validate(manifest);
        assert.ok(findings, 'the kind is served');
        const match = findings.find((f) => f.path === path && f.rule === rule);
        assert.ok(match, `expected ${rule} at ${path}, got ${JSON.stringify(findings, null, 1)}`);
        assert.equal(match.severity, 'error');
        // One mistake, one finding.
        assert.equal(findings.length, 1, JSON.stringify(findings, null, 1));
      });
    }

    it('says what a slice subnet looks like', async () => {
      const [finding] = (await validator.validate(
        edit(slice, (m) => {
          m.spec.sliceSubnet = '10.1.0.0';
        }),
      ))!;
      assert.match(finding!.message, /^Invalid value: "10.1.0.0": must be an IPv4 CIDR such as 10.1.0.0\/16$/);
    });

    it('lists the storage types KubeDB supports', async () => {
      const [finding] = (await validator.validate(
        edit(mariadb, (m) => {
          m.spec.storageType = 'durable';
        }),
      ))!;
      assert.equal(finding!.message, 'Unsupported value: "durable": supported values: "Durable", "Ephemeral"');
    });
  });

  describe('as the CRDs the generator will make from them (built in memory, not written)', () => {
    const definition = (apiVersion: string, kind: string) => set.kinds.find((k) => `${k.sourceGroup}/${k.version}` === apiVersion && k.kind === kind)!;
    /** JSON as CEL sees a Kubernetes object: integers are ints, objects are maps. */
    const celValue = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(celValue);
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
      if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
      return value;
    };
    const failingCelRules = (spec: object): string[] => {
      const rules = crdSchema(set, definition('kubedb.com/v1', 'MariaDB')).properties!.spec!['x-kubernetes-validations'] as Array<{
        rule: string;
        message: string;
      }>;
      return rules.filter(({ rule }) => celRun(rule, { self: celValue(spec) } as never) !== true).map((r) => r.message);
    };

    it('are structural and accept every seed manifest (crdSchema throws on a non-structural schema)', () => {
      const ajv = createAjv({ strictTypes: false });
      for (const { file, object } of seeds) {
        const validate = ajv.compile(crdSchema(set, definition(String(object.apiVersion), String(object.kind))));
        assert.ok(validate(object), `${file}: ${JSON.stringify(validate.errors)}`);
      }
    });

    it('keep the CEL rules that hold without the webhook, and the seed MariaDB passes them', () => {
      assert.deepEqual(failingCelRules(seed('MariaDB').spec), []);
      const { podTemplate: _p, ...noPolicy } = seed('MariaDB').spec;
      assert.deepEqual(failingCelRules(noPolicy), [
        'a distributed MariaDB needs spec.podTemplate.spec.podPlacementPolicy.name, naming a PlacementPolicy whose distribution rules place every replica index',
      ]);
      assert.deepEqual(failingCelRules({ ...noPolicy, distributed: false }), []);
      assert.deepEqual(failingCelRules({ ...seed('MariaDB').spec, storageType: 'Ephemeral', deletionPolicy: 'Halt' }), [
        'deletionPolicy Halt (what halted: true sets when deletionPolicy is unset) keeps the volumes, and Ephemeral storage has none: use deletionPolicy Delete or WipeOut, or storageType Durable',
      ]);
      assert.deepEqual(failingCelRules({ ...seed('MariaDB').spec, storageType: 'Ephemeral' }), []);
    });
  });
});

// MaxScale defaults and rules: each shown firing and staying silent, on the seed's own manifests
// where they apply.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ListClusterReader, OFFLINE_READER, type ClusterReader } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { maxscalePolicy } from '../../policies/maxscale/maxscale-policy.js';
import { harness } from '../support/policy-harness.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { assertKeeps } from '../support/assert-keeps.js';
import { manifestsIn } from '../support/fixtures.js';

type Obj = Record<string, any>;

const policy = harness(maxscalePolicy);

const seeds = manifestsIn('examples/seed-000-maxscale');
const seed = (file: string) => structuredClone(seeds.find((s) => s.file === file)!.object) as Obj;
const galeraMariaDB = seed('03-mariadb-maxscale-ref.yaml');
const replicationMariaDB: Obj = {
  apiVersion: 'enterprise.mariadb.com/v1alpha1',
  kind: 'MariaDB',
  metadata: { name: 'mariadb-repl' },
  spec: { replicas: 3, port: 3307, storage: { size: '1Gi' }, replication: { enabled: true } },
};
const standaloneMariaDB: Obj = {
  apiVersion: 'enterprise.mariadb.com/v1alpha1',
  kind: 'MariaDB',
  metadata: { name: 'mariadb-galera' },
  spec: { storage: { size: '1Gi' } },
};

function ctx(objects: Obj[] = [galeraMariaDB], extra: Partial<PolicyContext> = {}): PolicyContext {
  return {
    operation: 'CREATE',
    group: 'enterprise.mariadb.com',
    namespace: 'default',
    clusterDomain: 'cluster.local',
    reader: new ListClusterReader(objects as KubeObject[]),
    ...extra,
  };
}

async function defaulted(object: Obj, context = ctx()): Promise<Obj> {
  return (await policy.default(object, context)).object;
}

async function rules(object: Obj, context = ctx()): Promise<string[]> {
  return (await policy.validate(object as KubeObject, context)).map((f) => `${f.rule} ${f.path}`);
}

const external = (): Obj => seed('06-maxscale-external-servers.yaml');
const minimal = (): Obj => seed('01-maxscale-minimal.yaml');

describe('MaxScale defaults', () => {
  it("writes no servers beside spec.mariaDbRef: the operator's webhook refuses both on CREATE, and its controller fills them in", async () => {
    const out = await defaulted(minimal());
    assert.equal(out.spec.servers, undefined);
    assert.equal(out.spec.monitor.module, 'galeramon', 'the module is still inferred from the MariaDB');
  });

  it('leaves servers alone when given, filling their port and protocol', async () => {
    const out = await defaulted(external());
    assert.deepEqual(
      out.spec.servers.map((s: Obj) => [s.name, s.port, s.protocol]),
      [
        ['mariadb-0', 3306, 'MariaDBBackend'],
        ['mariadb-1', 3306, 'MariaDBBackend'],
        ['mariadb-2', 3306, 'MariaDBBackend'],
      ],
    );
  });

  it('infers the monitor module: galeramon for Galera, mariadbmon (with failover params) for replication', async () => {
    const galera = await defaulted(minimal());
    assert.equal(galera.spec.monitor.module, 'galeramon');
    assert.equal(galera.spec.monitor.name, 'galeramon-monitor');
    assert.equal(galera.spec.monitor.params, undefined);
    const repl = await defaulted({ ...minimal(), spec: { mariaDbRef: { name: 'mariadb-repl' } } }, ctx([replicationMariaDB]));
    assert.equal(repl.spec.monitor.module, 'mariadbmon');
    assert.deepEqual(repl.spec.monitor.params, { auto_failover: 'true', auto_rejoin: 'true', switchover_on_low_disk_space: 'true' });
  });

  it('infers mariadbmon for a MariaDB without Galera or replication (as the operator does), and never overrides a given module', async () => {
    assert.equal((await defaulted(minimal(), ctx([standaloneMariaDB]))).spec.monitor.module, 'mariadbmon');
    const given = await defaulted({
      ...minimal(),
      spec: { mariaDbRef: { name: 'mariadb-galera' }, monitor: { module: 'mariadbmon', params: { auto_failover: 'false' } } },
    });
    assert.equal(given.spec.monitor.module, 'mariadbmon');
    assert.deepEqual(given.spec.monitor.params, { auto_failover: 'false' });
  });

  it('sets the monitor interval and, only when highly available, cooperative monitoring and config sync', async () => {
    const single = await defaulted(minimal());
    assert.equal(single.spec.monitor.interval, '2s');
    assert.equal(single.spec.monitor.cooperativeMonitoring, undefined);
    assert.equal(single.spec.config.sync, undefined);
    assert.equal(single.spec.auth.syncUsername, undefined);
    const ha = await defaulted({ ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, replicas: 2 } });
    assert.equal(ha.spec.monitor.cooperativeMonitoring, 'majority_of_all');
    assert.deepEqual(ha.spec.config.sync, { database: 'mysql', interval: '5s', timeout: '10s' });
    assert.equal(ha.spec.auth.syncUsername, 'maxscale-galera-sync');
  });

  it('adds a readwritesplit rw-router on 3306 when there are no services, and names listeners', async () => {
    const out = await defaulted(minimal());
    assert.deepEqual(out.spec.services, [
      { name: 'rw-router', router: 'readwritesplit', listener: { name: 'rw-router-listener', port: 3306, protocol: 'MariaDBProtocol' } },
    ]);
    const own = await defaulted({
      ...minimal(),
      spec: { mariaDbRef: { name: 'mariadb-galera' }, services: [{ name: 'ro', router: 'readconnroute', listener: { port: 3307 } }] },
    });
    assert.deepEqual(own.spec.services, [{ name: 'ro', router: 'readconnroute', listener: { name: 'ro-listener', port: 3307, protocol: 'MariaDBProtocol' } }]);
  });

  it('sets admin, replicas, Service type, config volume and pod security context unless given', async () => {
    const out = await defaulted(minimal());
    assert.deepEqual(out.spec.admin, { port: 8989, guiEnabled: true });
    assert.equal(out.spec.replicas, 1);
    assert.equal(out.spec.kubernetesService.type, 'ClusterIP');
    assert.deepEqual(out.spec.config.volumeClaimTemplate, { resources: { requests: { storage: '100Mi' } }, accessModes: ['ReadWriteOnce'] });
    assert.deepEqual(out.spec.podSecurityContext, { runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true });
    const given = await defaulted({
      ...seed('14-maxscale-gui.yaml'),
      spec: {
        ...seed('14-maxscale-gui.yaml').spec,
        admin: { port: 9000, guiEnabled: false },
        kubernetesService: { type: 'LoadBalancer' },
        podSecurityContext: { runAsUser: 1000 },
      },
    });
    assert.deepEqual(given.spec.admin, { port: 9000, guiEnabled: false });
    assert.equal(given.spec.kubernetesService.type, 'LoadBalancer');
    assert.deepEqual(given.spec.podSecurityContext, { runAsUser: 1000 });
  });

  it('generates credentials with mariaDbRef: users, secrets named like them, 30 connections per replica', async () => {
    const out = await defaulted({ ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, replicas: 3 } });
    const auth = out.spec.auth;
    assert.equal(auth.generate, true);
    assert.equal(auth.adminUsername, 'mariadb-enterprise-operator');
    assert.deepEqual(auth.adminPasswordSecretKeyRef, { name: 'maxscale-galera-admin', key: 'password', generate: true });
    for (const user of ['client', 'server', 'monitor', 'sync']) {
      assert.equal(auth[`${user}Username`], `maxscale-galera-${user}`);
      assert.deepEqual(auth[`${user}PasswordSecretKeyRef`], { name: `maxscale-galera-${user}`, key: 'password', generate: true });
      assert.equal(auth[`${user}MaxConnections`], 90);
    }
  });

  it('names the community operator admin user in k8s.mariadb.com', async () => {
    const out = await defaulted({ ...minimal(), apiVersion: 'k8s.mariadb.com/v1alpha1' }, ctx([galeraMariaDB], { group: 'k8s.mariadb.com' }));
    assert.equal(out.spec.auth.adminUsername, 'mariadb-operator');
  });

  it('without mariaDbRef does not generate users, but names them as the operator does; keeps given credentials', async () => {
    const out = await defaulted({ ...external(), spec: { ...external().spec, auth: undefined } });
    assert.equal(out.spec.auth.generate, undefined);
    assert.equal(out.spec.auth.clientUsername, 'maxscale-galera-client');
    assert.deepEqual(out.spec.auth.clientPasswordSecretKeyRef, { name: 'maxscale-galera-client', key: 'password', generate: true });
    assert.equal(out.spec.auth.adminUsername, 'mariadb-enterprise-operator');
    const manual = await defaulted(seed('09-maxscale-auth.yaml'));
    assert.equal(manual.spec.auth.generate, false);
    assert.equal(manual.spec.auth.clientMaxConnections, 90);
    assert.deepEqual(manual.spec.auth.clientPasswordSecretKeyRef, { name: 'maxscale', key: 'password' });
  });

  it('warns, and infers nothing, when the MariaDB cannot be looked up', async () => {
    const result = await policy.default(minimal(), ctx([], { reader: OFFLINE_READER }));
    assert.deepEqual(
      result.warnings.map((w) => [w.rule, w.severity, w.path]),
      [['maxscale/reference-unresolved', 'warning', 'spec.mariaDbRef']],
    );
    assert.equal((result.object as Obj).spec.servers, undefined);
    assert.equal((result.object as Obj).spec.monitor.module, undefined);
    const found = await policy.default(minimal(), ctx());
    assert.deepEqual(found.warnings, []);
  });

  it('never changes the input object', async () => {
    const input = minimal();
    const copy = structuredClone(input);
    await defaulted(input);
    assert.deepEqual(input, copy);
  });
});

// Arbitrary MaxScale specs built from the fields the defaults touch, with values a user might write.
const userSpec = fc.record(
  {
    mariaDbRef: fc.constantFrom({ name: 'mariadb-galera' }, { name: 'mariadb-repl' }, { name: 'missing' }),
    replicas: fc.integer({ min: 0, max: 5 }),
    servers: fc.array(
      fc.record(
        { name: fc.constantFrom('a', 'b', 'c'), address: fc.constantFrom('10.0.0.1', 'db.example'), port: fc.integer({ min: 1, max: 65535 }) },
        { requiredKeys: ['name', 'address'] },
      ),
      { maxLength: 3 },
    ),
    services: fc.array(
      fc.record({
        name: fc.constantFrom('rw', 'ro'),
        router: fc.constantFrom('readwritesplit', 'readconnroute'),
        listener: fc.record({ port: fc.integer({ min: 1, max: 65535 }), name: fc.string() }, { requiredKeys: ['port'] }),
      }),
      { maxLength: 2 },
    ),
    monitor: fc.record(
      {
        module: fc.constantFrom('galeramon', 'mariadbmon'),
        interval: fc.constantFrom('1s', '5s'),
        cooperativeMonitoring: fc.constantFrom('majority_of_all', 'majority_of_running'),
        params: fc.dictionary(fc.constantFrom('auto_failover', 'x'), fc.constantFrom('true', 'false')),
      },
      { requiredKeys: [] },
    ),
    admin: fc.record({ port: fc.integer({ min: 1, max: 65535 }), guiEnabled: fc.boolean() }, { requiredKeys: [] }),
    auth: fc.record(
      { generate: fc.boolean(), clientUsername: fc.constantFrom('app', 'x'), clientMaxConnections: fc.integer({ min: 1, max: 500 }) },
      { requiredKeys: [] },
    ),
    config: fc.record(
      { sync: fc.record({ database: fc.constantFrom('mysql', 'ops'), interval: fc.constantFrom('1s') }, { requiredKeys: [] }) },
      { requiredKeys: [] },
    ),
    podSecurityContext: fc.record({ runAsUser: fc.integer({ min: 0, max: 2000 }) }),
  },
  { requiredKeys: [] },
);
const replicaReader = new ListClusterReader([galeraMariaDB, replicationMariaDB] as KubeObject[]);
const arbitraryContext = fc.constantFrom<ClusterReader>(replicaReader, OFFLINE_READER).map((reader) => ctx([], { reader }));

describe('MaxScale defaulting laws (property tests)', () => {
  it('is idempotent: default(default(x)) equals default(x)', async () => {
    await fc.assert(
      fc.asyncProperty(userSpec, arbitraryContext, async (spec, context) => {
        const once = await defaulted({ apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name: 'mxs' }, spec }, context);
        const twice = await defaulted(once, context);
        assert.deepEqual(twice, once);
      }),
      { numRuns: 300 },
    );
  });

  it('never removes or changes a value the user wrote', async () => {
    await fc.assert(
      fc.asyncProperty(userSpec, arbitraryContext, async (spec, context) => {
        const out = await defaulted(
          { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name: 'mxs' }, spec: structuredClone(spec) },
          context,
        );
        assertKeeps(spec, out.spec);
      }),
      { numRuns: 300 },
    );
  });
});

describe('MaxScale rules', () => {
  const cases: Array<{ rule: string; fires: Obj; silent: Obj; path: string; context?: PolicyContext }> = [
    { rule: 'maxscale/servers-or-mariadbref-required', path: 'spec', fires: { ...minimal(), spec: { monitor: { module: 'galeramon' } } }, silent: external() },
    {
      rule: 'maxscale/servers-conflict-mariadbref',
      path: 'spec.servers',
      // Even the MariaDB's own pods: the operator's webhook refuses any servers beside mariaDbRef on CREATE.
      fires: {
        ...minimal(),
        spec: {
          mariaDbRef: { name: 'mariadb-galera' },
          servers: [{ name: 'mariadb-galera-0', address: 'mariadb-galera-0.mariadb-galera-internal.default.svc.cluster.local' }],
        },
      },
      silent: minimal(),
    },
    {
      rule: 'maxscale/auth-generate-requires-mariadbref',
      path: 'spec.auth.generate',
      fires: { ...external(), spec: { ...external().spec, auth: { ...external().spec.auth, generate: true } } },
      silent: external(),
    },
    {
      rule: 'maxscale/auth-credentials-required',
      path: 'spec.auth.clientPasswordSecretKeyRef',
      fires: { ...external(), spec: { servers: external().spec.servers, monitor: { module: 'galeramon' }, auth: { clientUsername: 'c' } } },
      silent: external(),
    },
    {
      rule: 'maxscale/monitor-module-required',
      path: 'spec.monitor.module',
      fires: { ...external(), spec: { servers: external().spec.servers } },
      silent: external(),
    },
    {
      rule: 'maxscale/monitor-module-mismatch',
      path: 'spec.monitor.module',
      fires: { ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, monitor: { module: 'mariadbmon' } } },
      silent: seed('12-maxscale-ha.yaml'),
    },
    {
      rule: 'maxscale/primary-server-requires-mariadbmon',
      path: 'spec.primaryServer',
      fires: { ...external(), spec: { ...external().spec, primaryServer: 'mariadb-0' } },
      silent: { ...external(), spec: { ...external().spec, primaryServer: 'mariadb-0', monitor: { module: 'mariadbmon' } } },
    },
    {
      rule: 'maxscale/duplicate-server-name',
      path: 'spec.servers[1].name',
      fires: {
        ...external(),
        spec: {
          ...external().spec,
          servers: [
            { name: 'a', address: '10.0.0.1' },
            { name: 'a', address: '10.0.0.2' },
          ],
        },
      },
      silent: external(),
    },
    {
      rule: 'maxscale/duplicate-server-address',
      path: 'spec.servers[1].address',
      fires: {
        ...external(),
        spec: {
          ...external().spec,
          servers: [
            { name: 'a', address: 'db.example', port: 3306 },
            { name: 'b', address: 'DB.example' },
          ],
        },
      },
      silent: {
        ...external(),
        spec: {
          ...external().spec,
          servers: [
            { name: 'a', address: 'db.example', port: 3306 },
            { name: 'b', address: 'db2.example', port: 3306 },
          ],
        },
      },
    },
    {
      rule: 'maxscale/duplicate-service-name',
      path: 'spec.services[1].name',
      fires: {
        ...minimal(),
        spec: {
          mariaDbRef: { name: 'mariadb-galera' },
          services: [
            { name: 's', router: 'readwritesplit', listener: { port: 3306 } },
            { name: 's', router: 'readconnroute', listener: { port: 3307 } },
          ],
        },
      },
      silent: seed('02-maxscale-fine-grained.yaml'),
    },
    {
      rule: 'maxscale/duplicate-listener-port',
      path: 'spec.services[1].listener.port',
      fires: {
        ...minimal(),
        spec: {
          mariaDbRef: { name: 'mariadb-galera' },
          services: [
            { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
            { name: 'ro', router: 'readconnroute', listener: { port: 3306 } },
          ],
        },
      },
      silent: {
        ...minimal(),
        spec: {
          mariaDbRef: { name: 'mariadb-galera' },
          services: [
            { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
            { name: 'ro', router: 'readconnroute', listener: { port: 3307 } },
          ],
        },
      },
    },
    {
      rule: 'maxscale/listener-port-is-admin-port',
      path: 'spec.services[0].listener.port',
      fires: { ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 8989 } }] } },
      silent: {
        ...minimal(),
        spec: { mariaDbRef: { name: 'mariadb-galera' }, admin: { port: 9090 }, services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 8989 } }] },
      },
    },
    {
      rule: 'maxscale/all-servers-in-maintenance',
      path: 'spec.servers',
      fires: {
        ...seed('07-maxscale-server-maintenance.yaml'),
        spec: {
          ...seed('07-maxscale-server-maintenance.yaml').spec,
          servers: seed('07-maxscale-server-maintenance.yaml').spec.servers.map((s: Obj) => ({ ...s, maintenance: true })),
        },
      },
      silent: seed('07-maxscale-server-maintenance.yaml'),
    },
    {
      rule: 'maxscale/pdb-one-of',
      path: 'spec.podDisruptionBudget',
      fires: { ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } } },
      silent: { ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, podDisruptionBudget: { maxUnavailable: 1 } } },
    },
    {
      rule: 'maxscale/tls-cert-without-ca',
      path: 'spec.tls.listenerCASecretRef',
      fires: { ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, tls: { enabled: true, listenerCertSecretRef: { name: 'cert' } } } },
      silent: {
        ...minimal(),
        spec: { mariaDbRef: { name: 'mariadb-galera' }, tls: { enabled: true, listenerCertSecretRef: { name: 'cert' }, listenerCASecretRef: { name: 'ca' } } },
      },
    },
    {
      rule: 'maxscale/tls-cert-and-issuer',
      path: 'spec.tls.adminCertIssuerRef',
      fires: {
        ...minimal(),
        spec: {
          mariaDbRef: { name: 'mariadb-galera' },
          tls: { enabled: true, adminCASecretRef: { name: 'ca' }, adminCertSecretRef: { name: 'cert' }, adminCertIssuerRef: { name: 'issuer' } },
        },
      },
      silent: { ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, tls: { adminCertIssuerRef: { name: 'issuer' } } } },
    },
    { rule: 'maxscale/mariadb-not-highly-available', path: 'spec.mariaDbRef.name', fires: minimal(), context: ctx([standaloneMariaDB]), silent: minimal() },
    { rule: 'maxscale/mariadb-not-found', path: 'spec.mariaDbRef.name', fires: minimal(), context: ctx([]), silent: minimal() },
  ];

  for (const { rule, path, fires, silent, context } of cases) {
    it(`${rule} fires at ${path}, and stays silent on a safe spec`, async () => {
      assert.ok((await rules(fires, context)).includes(`${rule} ${path}`), JSON.stringify(await rules(fires, context)));
      assert.ok(!(await rules(silent)).some((r) => r.startsWith(`${rule} `)), JSON.stringify(await rules(silent)));
    });
  }

  it('answers a missing module exactly as the captured denial did', async () => {
    const [finding] = await policy.validate({ ...external(), spec: { servers: external().spec.servers, auth: external().spec.auth } }, ctx());
    assert.deepEqual(finding, {
      path: 'spec.monitor.module',
      rule: 'maxscale/monitor-module-required',
      severity: 'error',
      message: 'Required value: must be provided when spec.mariaDbRef is not set',
      reason: 'FieldValueRequired',
    });
  });

  it('rejects changes to immutable fields on UPDATE, naming how to proceed', async () => {
    const old = await defaulted(seed('02-maxscale-fine-grained.yaml'));
    const changed = structuredClone(old);
    changed.spec.mariaDbRef = { name: 'other' };
    changed.spec.services[0].router = 'readconnroute';
    changed.spec.services[0].listener.port = 3307;
    changed.spec.monitor.module = 'mariadbmon';
    const findings = await policy.validate(
      changed,
      ctx([galeraMariaDB, { ...galeraMariaDB, metadata: { name: 'other' } }], { operation: 'UPDATE', oldObject: old }),
    );
    const immutable = findings.filter((f) => f.rule === 'maxscale/immutable-field');
    assert.deepEqual(immutable.map((f) => f.path).sort(), [
      'spec.mariaDbRef',
      'spec.monitor.module',
      'spec.services[0].listener.port',
      'spec.services[0].router',
    ]);
    assert.match(immutable[0]!.message, /^Forbidden: field is immutable \(stored: /);
    const unchanged = await policy.validate(old, ctx([galeraMariaDB], { operation: 'UPDATE', oldObject: old }));
    assert.deepEqual(
      unchanged.filter((f) => f.rule === 'maxscale/immutable-field'),
      [],
    );
  });

  it('finds no error in any seed MaxScale after defaulting, with the seed MariaDB beside it', async () => {
    for (const { file, object } of seeds.filter((s) => s.object.kind === 'MaxScale')) {
      const out = await defaulted(object);
      const errors = (await policy.validate(out as KubeObject, ctx())).filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], file);
    }
  });
});

describe('MaxScale monitor interval', () => {
  it('warns below 1s, in the words of the captured warning, and not at 1s or more', async () => {
    const spec = (interval: string) => ({ ...minimal(), spec: { mariaDbRef: { name: 'mariadb-galera' }, monitor: { interval } } });
    const findings = await policy.validate(spec('500ms'), ctx());
    const short = findings.filter((f) => f.rule === 'maxscale/monitor-interval-short');
    assert.deepEqual(
      short.map((f) => [f.severity, f.path, f.message]),
      [['warning', 'spec.monitor.interval', '500ms is shorter than the recommended 1s']],
    );
    for (const ok of ['1s', '2s', '1m', '0.5s1s']) {
      const silent = await policy.validate(spec(ok), ctx());
      assert.ok(!silent.some((f) => f.rule === 'maxscale/monitor-interval-short'), ok);
    }
  });
});

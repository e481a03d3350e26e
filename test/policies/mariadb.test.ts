// The MariaDB policy as a user meets it: the defaults written into their object, and the findings (rule
// id and field path) for the specs the operator would reject or run badly.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import type { FieldError } from '../../policies/field-error.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { mariadbPolicy } from '../../policies/mariadb/mariadb-policy.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { PolicyEngine } from '../../policies/policy-engine.js';
import { allRules } from '../../policies/registry.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { admissionRequests, FIXTURES_DIR } from '../support/fixtures.js';
import { harness } from '../support/policy-harness.js';

const SEEDS = join(FIXTURES_DIR, 'examples/seed-000-maxscale');
const policy = harness(mariadbPolicy);

function seed(file: string): KubeObject {
  return parse(readFileSync(join(SEEDS, file), 'utf8')) as KubeObject;
}

function ctx(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return {
    operation: 'CREATE',
    group: 'enterprise.mariadb.com',
    namespace: 'default',
    clusterDomain: 'cluster.local',
    reader: new ListClusterReader(),
    ...overrides,
  };
}

function mariadb(spec: Record<string, unknown>, name = 'db'): KubeObject {
  return { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name }, spec };
}

/** A valid starting point: rules that are not under test stay silent on it. */
function galera(extra: Record<string, unknown> = {}): KubeObject {
  return mariadb({ replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true }, ...extra });
}

async function defaulted(object: KubeObject): Promise<KubeObject> {
  return (await policy.default(object, ctx())).object;
}

async function findings(object: KubeObject, context: PolicyContext = ctx()): Promise<FieldError[]> {
  return policy.validate(object, context);
}

/** `rule@path` of each finding, for compact assertions. */
async function hits(object: KubeObject, context?: PolicyContext): Promise<string[]> {
  return (await findings(object, context)).map((f) => `${f.rule}@${f.path}`);
}

async function update(oldObject: KubeObject, object: KubeObject): Promise<string[]> {
  return hits(object, ctx({ operation: 'UPDATE', oldObject }));
}

/** Every leaf the input had is in the output, unchanged: defaults never overwrite. */
function assertKeepsEveryLeaf(input: unknown, output: unknown, path = ''): void {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    assert.ok(typeof output === 'object' && output !== null && !Array.isArray(output), `${path} is still an object`);
    for (const [key, value] of Object.entries(input)) assertKeepsEveryLeaf(value, (output as Record<string, unknown>)[key], `${path}.${key}`);
  } else {
    assert.deepEqual(output, input, `${path} is unchanged`);
  }
}

describe('MariaDB policy', () => {
  describe('defaults', () => {
    it('gives a bare MariaDB one replica on 3306 and a generated root password Secret', async () => {
      const out = await defaulted(mariadb({ storage: { size: '1Gi' } }));
      assert.equal(out.spec?.replicas, 1);
      assert.equal(out.spec?.port, 3306);
      assert.deepEqual(out.spec?.rootPasswordSecretKeyRef, { name: 'db-root', key: 'password', generate: true });
    });

    it('changes a clone, never the object it is given', async () => {
      const input = mariadb({ storage: { size: '1Gi' }, galera: { enabled: true } });
      const before = structuredClone(input);
      const out = await defaulted(input);
      assert.deepEqual(input, before);
      assert.notEqual(out, input);
    });

    it('adds no root password Secret when the root password is meant to be empty', async () => {
      const out = await defaulted(mariadb({ rootEmptyPassword: true, storage: { size: '1Gi' } }));
      assert.equal(out.spec?.rootPasswordSecretKeyRef, undefined);
    });

    it('fills in the Galera settings the operator would assume', async () => {
      const out = await defaulted(galera());
      assert.deepEqual(out.spec?.galera, {
        enabled: true,
        sst: 'mariabackup',
        availableWhenDonor: false,
        replicaThreads: 1,
        primary: { podIndex: 0, autoFailover: true },
        agent: { port: 5555, probePort: 5566, gracefulShutdownTimeout: '1s' },
        config: { reuseStorageVolume: false, volumeClaimTemplate: { resources: { requests: { storage: '100Mi' } }, accessModes: ['ReadWriteOnce'] } },
        recovery: {
          enabled: true,
          minClusterSize: 1,
          clusterMonitorInterval: '10s',
          clusterHealthyTimeout: '30s',
          clusterBootstrapTimeout: '10m0s',
          clusterUpscaleTimeout: '5m0s',
          clusterDownscaleTimeout: '5m0s',
          podRecoveryTimeout: '5m0s',
          podSyncTimeout: '5m0s',
        },
      });
    });

    it('leaves Galera settings alone when Galera is not enabled', async () => {
      const out = await defaulted(mariadb({ storage: { size: '1Gi' }, galera: { enabled: false } }));
      assert.deepEqual(out.spec?.galera, { enabled: false });
    });

    it('points maxScaleRef at the embedded MaxScale the operator creates', async () => {
      const out = await defaulted(seed('04-mariadb-embedded-maxscale.yaml'));
      assert.deepEqual(out.spec?.maxScaleRef, { name: 'mariadb-galera-maxscale' });
    });

    it('generates a password Secret for spec.username, unless a password, hash or plugin is given', async () => {
      const out = await defaulted(mariadb({ storage: { size: '1Gi' }, username: 'app' }));
      assert.deepEqual(out.spec?.passwordSecretKeyRef, { name: 'db-password', key: 'password', generate: true });
      const hashed = await defaulted(mariadb({ storage: { size: '1Gi' }, username: 'app', passwordHashSecretKeyRef: { name: 'h', key: 'hash' } }));
      assert.equal(hashed.spec?.passwordSecretKeyRef, undefined);
      const plugin = await defaulted(
        mariadb({ storage: { size: '1Gi' }, username: 'app', passwordPlugin: { pluginNameSecretKeyRef: { name: 'p', key: 'name' } } }),
      );
      assert.equal(plugin.spec?.passwordSecretKeyRef, undefined);
      const noUser = await defaulted(mariadb({ storage: { size: '1Gi' } }));
      assert.equal(noUser.spec?.passwordSecretKeyRef, undefined);
    });

    it('turns on volume resizing for persistent storage, and writes the claim the operator builds from the size', async () => {
      const out = await defaulted(mariadb({ storage: { size: '1Gi' } }));
      assert.deepEqual(out.spec?.storage, {
        size: '1Gi',
        ephemeral: false,
        resizeInUseVolumes: true,
        waitForVolumeResize: true,
        volumeClaimTemplate: { resources: { requests: { storage: '1Gi' } }, accessModes: ['ReadWriteOnce'] },
      });
      const ephemeral = await defaulted(mariadb({ storage: { ephemeral: true } }));
      assert.deepEqual(ephemeral.spec?.storage, { ephemeral: true });
      const none = await defaulted(mariadb({}));
      assert.deepEqual(none.spec?.storage, { ephemeral: false, resizeInUseVolumes: true, waitForVolumeResize: true });
    });

    it('never overwrites what the user wrote', async () => {
      const input = mariadb({
        replicas: 5,
        port: 3307,
        rootPasswordSecretKeyRef: { name: 'mine', key: 'root' },
        username: 'app',
        passwordSecretKeyRef: { name: 'app-secret', key: 'pw' },
        storage: { size: '2Gi', resizeInUseVolumes: false, waitForVolumeResize: false },
        galera: { enabled: true, sst: 'rsync', primary: { podIndex: 2, autoFailover: false }, replicaThreads: 4, availableWhenDonor: true },
        maxScale: { enabled: true },
        maxScaleRef: { name: 'elsewhere' },
      });
      assertKeepsEveryLeaf(input, await defaulted(input));
    });

    it('does not throw on mistyped input, and keeps the mistyped values', async () => {
      const cases: KubeObject[] = [
        { kind: 'MariaDB' },
        { kind: 'MariaDB', metadata: { name: 'db' }, spec: 'nonsense' as unknown as Record<string, unknown> },
        mariadb({ galera: { enabled: true, primary: 5 }, storage: 'big', maxScale: { enabled: 'yes' } }),
        mariadb({ galera: 'on', replication: [], replicas: '3', env: 'x' }),
        { kind: 'MariaDB', metadata: { name: 7 } as unknown as KubeObject['metadata'], spec: { username: 'app', maxScale: { enabled: true } } },
      ];
      for (const input of cases) {
        const out = await defaulted(input);
        assertKeepsEveryLeaf(input, out);
        await findings(out);
        await findings(input, ctx({ operation: 'UPDATE', oldObject: out }));
      }
      const out = await defaulted(mariadb({ galera: { enabled: true, primary: 5 } }));
      assert.equal((out.spec?.galera as Record<string, unknown>).primary, 5);
    });
  });

  describe('seeds', () => {
    for (const file of ['03-mariadb-maxscale-ref.yaml', '04-mariadb-embedded-maxscale.yaml']) {
      it(`${file} has no error findings, as written and once defaulted`, async () => {
        const object = seed(file);
        const errors = (list: FieldError[]) => list.filter((f) => f.severity === 'error');
        assert.deepEqual(errors(await findings(object)), []);
        assert.deepEqual(errors(await findings(await defaulted(object))), []);
      });

      it(`${file} once defaulted still passes the schema`, async () => {
        assert.deepEqual(await new SchemaValidator().validate(await defaulted(seed(file))), []);
      });
    }
  });

  // Table-driven stand-ins for property tests (fast-check is not installed): the laws must hold on
  // every seed and on variants that exercise each default.
  describe('laws over seeds and variants', () => {
    const inputs: Array<[string, KubeObject]> = [
      ['03 seed', seed('03-mariadb-maxscale-ref.yaml')],
      ['04 seed', seed('04-mariadb-embedded-maxscale.yaml')],
      ['bare', mariadb({})],
      ['no spec', { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name: 'x' } }],
      ['no name', { kind: 'MariaDB', spec: { username: 'u', maxScale: { enabled: true } } }],
      ['replication', mariadb({ replicas: 3, storage: { size: '1Gi' }, replication: { enabled: true, primary: { podIndex: 1 } } })],
      ['galera partial', mariadb({ replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true, primary: { autoFailover: false }, sst: 'rsync' } })],
      ['user with password', mariadb({ username: 'u', passwordSecretKeyRef: { name: 's', key: 'k' }, storage: { ephemeral: true } })],
      ['empty root', mariadb({ rootEmptyPassword: true, storage: { volumeClaimTemplate: { resources: { requests: { storage: '1Gi' } } } } })],
      ['embedded with own ref', mariadb({ maxScale: { enabled: true }, maxScaleRef: { name: 'x' } })],
      ['mistyped', mariadb({ galera: { enabled: true, primary: 'p' }, storage: null, replicas: -1 })],
    ];
    for (const [label, input] of inputs) {
      it(`${label}: defaulting twice equals defaulting once`, async () => {
        const once = await defaulted(input);
        assert.deepEqual(await defaulted(once), once);
      });
      it(`${label}: defaulting keeps every value the user wrote`, async () => {
        assertKeepsEveryLeaf(input, await defaulted(input));
      });
      it(`${label}: defaulting adds no findings`, async () => {
        const before = new Set(await hits(input));
        const added = (await hits(await defaulted(input))).filter((h) => !before.has(h));
        assert.deepEqual(added, []);
      });
    }
  });

  describe('rules', () => {
    const cases: Array<{ rule: string; path: string; fires: KubeObject; silent: KubeObject }> = [
      {
        rule: 'mariadb/galera-and-replication',
        path: 'spec.replication.enabled',
        fires: galera({ replication: { enabled: true } }),
        silent: galera({ replication: { enabled: false } }),
      },
      {
        rule: 'mariadb/replicas-without-ha',
        path: 'spec.replicas',
        fires: mariadb({ replicas: 3, storage: { size: '1Gi' } }),
        silent: mariadb({ replicas: 1, storage: { size: '1Gi' } }),
      },
      {
        rule: 'mariadb/ha-single-replica',
        path: 'spec.replicas',
        fires: mariadb({ storage: { size: '1Gi' }, replication: { enabled: true } }),
        silent: mariadb({ replicas: 2, storage: { size: '1Gi' }, replication: { enabled: true } }),
      },
      {
        rule: 'mariadb/galera-even-replicas',
        path: 'spec.replicas',
        fires: galera({ replicas: 4 }),
        silent: galera({ replicas: 4, replicasAllowEvenNumber: true }),
      },
      {
        rule: 'mariadb/galera-two-replicas',
        path: 'spec.replicas',
        fires: galera({ replicas: 2 }),
        silent: galera({ replicas: 2, replicasAllowEvenNumber: true }),
      },
      {
        rule: 'mariadb/primary-pod-index-out-of-range',
        path: 'spec.galera.primary.podIndex',
        fires: galera({ galera: { enabled: true, primary: { podIndex: 3 } } }),
        silent: galera({ galera: { enabled: true, primary: { podIndex: 2 } } }),
      },
      {
        rule: 'mariadb/primary-pod-index-out-of-range',
        path: 'spec.replication.primary.podIndex',
        fires: mariadb({ replicas: 2, storage: { size: '1Gi' }, replication: { enabled: true, primary: { podIndex: 2 } } }),
        silent: mariadb({ replicas: 2, storage: { size: '1Gi' }, replication: { enabled: true, primary: { podIndex: 1 } } }),
      },
      {
        rule: 'mariadb/ephemeral-storage-ha',
        path: 'spec.storage.ephemeral',
        fires: galera({ storage: { ephemeral: true } }),
        silent: mariadb({ storage: { ephemeral: true } }),
      },
      {
        rule: 'mariadb/storage-size-required',
        path: 'spec.storage.size',
        fires: mariadb({ storage: {} }),
        silent: mariadb({ storage: { volumeClaimTemplate: { resources: { requests: { storage: '1Gi' } } } } }),
      },
      {
        rule: 'mariadb/root-empty-password-with-secret',
        path: 'spec.rootEmptyPassword',
        fires: mariadb({ storage: { size: '1Gi' }, rootEmptyPassword: true, rootPasswordSecretKeyRef: { name: 'r', key: 'k' } }),
        silent: mariadb({ storage: { size: '1Gi' }, rootEmptyPassword: true }),
      },
      {
        rule: 'mariadb/maxscale-ref-conflict',
        path: 'spec.maxScaleRef',
        fires: galera({ maxScale: { enabled: true }, maxScaleRef: { name: 'maxscale-galera' } }),
        silent: galera({ maxScale: { enabled: true }, maxScaleRef: { name: 'db-maxscale', namespace: 'default' } }),
      },
      {
        rule: 'mariadb/plaintext-password',
        path: 'spec.env[1].value',
        fires: galera({
          env: [
            { name: 'TZ', value: 'UTC' },
            { name: 'MARIADB_ROOT_PASSWORD', value: 'hunter2' },
          ],
        }),
        silent: galera({
          env: [
            { name: 'TZ', value: 'UTC' },
            { name: 'MARIADB_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
          ],
        }),
      },
      {
        rule: 'mariadb/plaintext-password',
        path: 'spec.sidecarContainers[0].env[0].value',
        fires: galera({ sidecarContainers: [{ name: 'exporter', image: 'e', env: [{ name: 'DATA_SOURCE_NAME', value: 'root:test@(localhost:3306)/' }] }] }),
        silent: galera({ sidecarContainers: [{ name: 'exporter', image: 'e', env: [{ name: 'DATA_SOURCE_NAME', value: 'root:$(PW)@(localhost:3306)/' }] }] }),
      },
      {
        rule: 'mariadb/plaintext-password',
        path: 'spec.initContainers[1].env[0].value',
        fires: galera({
          initContainers: [
            { name: 'a', image: 'a' },
            { name: 'b', image: 'b', env: [{ name: 'MYSQL_PASSWORD', value: 'x' }] },
          ],
        }),
        silent: galera({
          initContainers: [
            { name: 'a', image: 'a' },
            { name: 'b', image: 'b', env: [{ name: 'MYSQL_PASSWORD', value: '' }] },
          ],
        }),
      },
      {
        rule: 'mariadb/plaintext-password',
        path: 'spec.galera.agent.env[0].value',
        fires: galera({ galera: { enabled: true, agent: { env: [{ name: 'API_TOKEN', value: 't' }] } } }),
        silent: galera({ galera: { enabled: true, agent: { env: [{ name: 'API_TOKEN_FILE', value: '/var/run/token' }] } } }),
      },
    ];
    for (const { rule, path, fires, silent } of cases) {
      it(`${rule} fires at ${path}`, async () => {
        assert.ok((await hits(fires)).includes(`${rule}@${path}`), JSON.stringify(await findings(fires), null, 1));
      });
      it(`${rule} stays silent when the spec is right (${path})`, async () => {
        assert.deepEqual(
          (await hits(silent)).filter((h) => h.startsWith(`${rule}@`)),
          [],
        );
      });
    }

    it('reports one finding for a 2-node Galera, not an even-number finding too', async () => {
      assert.deepEqual(await hits(galera({ replicas: 2 })), ['mariadb/galera-two-replicas@spec.replicas']);
    });

    it('says that an unset spec.replicas means 1', async () => {
      const [finding] = await findings(mariadb({ storage: { size: '1Gi' }, galera: { enabled: true } }));
      assert.equal(finding?.rule, 'mariadb/ha-single-replica');
      assert.match(finding?.message ?? '', /^Invalid value: 1 \(the default\): Galera has no other server to fail over to/);
    });

    it('never echoes a plain-text password in its message', async () => {
      const [finding] = await findings(galera({ env: [{ name: 'MARIADB_PASSWORD', value: 'hunter2' }] }));
      assert.equal(finding?.rule, 'mariadb/plaintext-password');
      assert.doesNotMatch(finding?.message ?? '', /hunter2/);
      assert.match(finding?.message ?? '', /valueFrom\.secretKeyRef/);
    });

    it('accepts the maxScaleRef its own defaulting writes for an embedded MaxScale', async () => {
      const out = await defaulted(galera({ maxScale: { enabled: true } }));
      assert.deepEqual(out.spec?.maxScaleRef, { name: 'db-maxscale' });
      assert.deepEqual(await hits(out), []);
      // The same ref in another namespace is another MaxScale.
      const other = await hits(galera({ maxScale: { enabled: true }, maxScaleRef: { name: 'db-maxscale', namespace: 'other' } }));
      assert.deepEqual(
        other.filter((h) => h.startsWith('mariadb/maxscale-ref-conflict')),
        ['mariadb/maxscale-ref-conflict@spec.maxScaleRef'],
      );
    });

    it('does not throw on mistyped fields and leaves them to the schema', async () => {
      assert.deepEqual(await hits(mariadb({ replicas: 'three', storage: { size: '1Gi' }, galera: { enabled: true } })), []);
      assert.deepEqual(await hits(mariadb({ storage: 'big' })), []);
      assert.deepEqual(await hits({ kind: 'MariaDB', spec: 'x' as unknown as Record<string, unknown> }), []);
    });

    it('catalogs every MariaDB rule with what, why and fix', () => {
      const rules = allRules().filter((r) => r.id.startsWith('mariadb/'));
      assert.equal(rules.length, mariadbPolicy.rules.length);
      // The embedded MaxScale's replicas only warn: the seed advises one, the operator accepts more.
      const warnings = [
        'mariadb/ha-method-change',
        'mariadb/claim-template-class-change',
        'mariadb/maxscale-ref-not-found',
        'mariadb/embedded-maxscale-replicas',
      ];
      for (const rule of rules) {
        assert.ok(rule.what && rule.why && rule.fix, rule.id);
        assert.equal(rule.severity, warnings.includes(rule.id) ? 'warning' : 'error', rule.id);
      }
    });
  });

  describe('updates', () => {
    it('denies shrinking storage, as in the captured kubectl apply (035)', async () => {
      const fixture = admissionRequests().find((f) => f.file.startsWith('035-'));
      assert.ok(fixture);
      const { object, oldObject } = fixture.body.request;
      // Errors only: the captured cluster's MaxScale is not among this test's objects (a not-found warning).
      const found = (await findings(object as KubeObject, ctx({ operation: 'UPDATE', oldObject: oldObject as KubeObject }))).filter(
        (f) => f.severity === 'error',
      );
      assert.deepEqual(
        found.map((f) => [f.rule, f.path, f.reason]),
        [['mariadb/storage-shrink', 'spec.storage.size', 'FieldValueForbidden']],
      );
      assert.match(found[0]!.message, /^Forbidden: storage cannot shrink from 1Gi to 500Mi: /);
    });

    it('compares sizes as quantities, not strings', async () => {
      assert.deepEqual(await update(galera({ storage: { size: '1Gi' } }), galera({ storage: { size: '1024Mi' } })), []);
      assert.deepEqual(await update(galera({ storage: { size: '1Gi' } }), galera({ storage: { size: '2Gi' } })), []);
      assert.deepEqual(await update(galera({ storage: { size: '1Gi' } }), galera({ storage: { size: '1G' } })), ['mariadb/storage-shrink@spec.storage.size']);
      const claim = (size: string) => galera({ storage: { volumeClaimTemplate: { resources: { requests: { storage: size } } } } });
      assert.deepEqual(await update(claim('10Gi'), claim('5Gi')), ['mariadb/storage-shrink@spec.storage.volumeClaimTemplate.resources.requests.storage']);
    });

    it('runs update checks only on UPDATE', async () => {
      const old = galera({ storage: { size: '1Gi' }, database: 'a' });
      const changed = galera({ storage: { size: '500Mi' }, database: 'b' });
      assert.deepEqual(await hits(changed, ctx({ operation: 'CREATE', oldObject: old })), []);
    });

    it('denies changing fields the operator only reads at creation, saying how to proceed', async () => {
      const old = galera({ database: 'app', username: 'app', storage: { size: '1Gi', storageClassName: 'fast' }, connection: { secretName: 'c' } });
      const changed = galera({ database: 'other', storage: { size: '1Gi', storageClassName: 'slow' }, connection: { secretName: 'd' } });
      const found = await findings(changed, ctx({ operation: 'UPDATE', oldObject: old }));
      assert.deepEqual(found.map((f) => `${f.rule}@${f.path}`).sort(), [
        'mariadb/immutable-field@spec.connection',
        'mariadb/immutable-field@spec.database',
        'mariadb/immutable-field@spec.storage.storageClassName',
        'mariadb/immutable-field@spec.username',
      ]);
      for (const finding of found) assert.match(finding.message, /^Forbidden: field is immutable \(stored: .+\): .+/);
      assert.match(found.find((f) => f.path === 'spec.storage.storageClassName')!.message, /\(stored: "fast"\)/);
      assert.match(found.find((f) => f.path === 'spec.username')!.message, /\(stored: "app"\)/);
      assert.match(found.find((f) => f.path === 'spec.database')!.message, /Database resources/);
    });

    it('lets an update set a set-once field that was unset, or keep it equal', async () => {
      assert.deepEqual(await update(galera(), galera({ serviceAccountName: 'sa', rootEmptyPassword: false })), []);
      const old = galera({ connection: { secretName: 'c', params: { a: '1', b: '2' } } });
      assert.deepEqual(await update(old, galera({ connection: { params: { b: '2', a: '1' }, secretName: 'c' } })), []);
    });

    it('warns on switching the high-availability method, which the operator accepts', async () => {
      const standalone = mariadb({ storage: { size: '1Gi' } });
      assert.deepEqual(await update(galera(), galera({ galera: { enabled: false } })), [
        'mariadb/replicas-without-ha@spec.replicas',
        'mariadb/ha-method-change@spec.galera.enabled',
      ]);
      const found = await findings(
        mariadb({ storage: { size: '1Gi' }, replicas: 2, replication: { enabled: true } }),
        ctx({ operation: 'UPDATE', oldObject: standalone }),
      );
      assert.deepEqual(
        found.map((f) => [f.rule, f.path, f.severity]),
        [['mariadb/ha-method-change', 'spec.replication.enabled', 'warning']],
      );
    });

    it('denies switching between ephemeral and persistent storage, but not writing out false', async () => {
      const single = (storage: Record<string, unknown>) => mariadb({ storage });
      // The stored object holds the operator's (and mdbkit's) default ephemeral: false.
      assert.deepEqual(await update(await defaulted(single({ size: '1Gi' })), await defaulted(single({ ephemeral: true }))), [
        'mariadb/immutable-field@spec.storage.ephemeral',
      ]);
      // Leaving it out is no change either: the new object is defaulted before it is judged.
      assert.deepEqual(await update(single({ size: '1Gi', ephemeral: false }), await defaulted(single({ size: '1Gi' }))), []);
      assert.deepEqual(await update(galera(), galera({ galera: { enabled: true }, replication: { enabled: false } })), []);
    });

    it('accepts the stored object updated with its own defaults', async () => {
      const stored = await defaulted(seed('04-mariadb-embedded-maxscale.yaml'));
      const edited = structuredClone(stored);
      (edited.spec as Record<string, unknown>).replicas = 5;
      assert.deepEqual(await update(stored, await defaulted(edited)), []);
    });
  });

  // What the rewrite adds: each rule's own outcome, as `mdbkit lint` and the webhook now report them.
  describe('per-rule results', () => {
    const statusOf = async (object: KubeObject, rule: string, context: PolicyContext = ctx()) =>
      (await policy.judge(object, context)).results.find((r) => r.rule === rule);

    it('marks a rule that fired as failed and one that did not as passed', async () => {
      const { findings: found, results } = await policy.judge(galera({ replicas: 2 }), ctx());
      assert.deepEqual(
        results.find((r) => r.rule === 'mariadb/galera-two-replicas'),
        { rule: 'mariadb/galera-two-replicas', status: 'fail' },
      );
      assert.deepEqual(
        results.find((r) => r.rule === 'mariadb/galera-even-replicas'),
        { rule: 'mariadb/galera-even-replicas', status: 'pass' },
      );
      assert.deepEqual(
        results.find((r) => r.rule === 'mariadb/galera-and-replication'),
        { rule: 'mariadb/galera-and-replication', status: 'pass' },
      );
      assert.deepEqual(
        found.map((f) => `${f.rule}@${f.path}`),
        ['mariadb/galera-two-replicas@spec.replicas'],
      );
    });

    it('gives one result per MariaDB rule, after the schema rules', async () => {
      const { results } = await policy.judge(galera(), ctx());
      const own = results.filter((r) => r.rule.startsWith('mariadb/')).map((r) => r.rule);
      assert.deepEqual(
        own,
        mariadbPolicy.rules.map((r) => r.id),
      );
      assert.equal(own.length, mariadbPolicy.rules.length);
      assert.ok(results.findIndex((r) => r.rule.startsWith('schema/')) < results.findIndex((r) => r.rule.startsWith('mariadb/')));
    });

    it('skips the update-only rules on CREATE, saying why', async () => {
      for (const rule of ['mariadb/storage-shrink', 'mariadb/immutable-field']) {
        assert.deepEqual(await statusOf(galera(), rule), { rule, status: 'skip', reason: 'judges UPDATE only' });
      }
    });

    it('runs the update-only rules on UPDATE, and skips them when there is no stored object to compare with', async () => {
      const old = galera({ storage: { size: '1Gi' } });
      const shrunk = galera({ storage: { size: '500Mi' } });
      assert.equal((await statusOf(shrunk, 'mariadb/storage-shrink', ctx({ operation: 'UPDATE', oldObject: old })))?.status, 'fail');
      assert.equal((await statusOf(shrunk, 'mariadb/immutable-field', ctx({ operation: 'UPDATE', oldObject: old })))?.status, 'pass');
      const renamed = galera({ storage: { size: '1Gi', storageClassName: 'other' } });
      assert.equal((await statusOf(renamed, 'mariadb/immutable-field', ctx({ operation: 'UPDATE', oldObject: old })))?.status, 'fail');
      assert.deepEqual(await statusOf(shrunk, 'mariadb/storage-shrink', ctx({ operation: 'UPDATE' })), {
        rule: 'mariadb/storage-shrink',
        status: 'skip',
        reason: 'no stored object to compare with',
      });
    });

    it('lists every field the immutable-field rule keeps, for the catalog', () => {
      const rule = allRules().find((r) => r.id === 'mariadb/immutable-field');
      const paths = rule?.immutableFields?.map((f) => f.path) ?? [];
      // The operator's tagged fields (both releases; test/rule-cases/mariadb-lifecycle.cases.ts judges each one).
      for (const path of ['spec.storage.storageClassName', 'spec.storage.ephemeral', 'spec.database', 'spec.username', 'spec.connection', 'spec.timeZone']) {
        assert.ok(paths.includes(path), path);
      }
      // What the operator accepts is not immutable: the HA switches and the claim template's class are warnings.
      for (const path of ['spec.galera.enabled', 'spec.replication.enabled', 'spec.storage.volumeClaimTemplate.storageClassName']) {
        assert.ok(!paths.includes(path), path);
      }
    });

    it('does not judge `kubectl scale mariadb`, and has the webhook cache only the MaxScales of spec.maxScaleRef', async () => {
      const engine = new PolicyEngine([mariadbPolicy], new SchemaValidator());
      const scale = { group: 'enterprise.mariadb.com', plural: 'mariadbs', name: 'db', namespace: 'default', replicas: 2 };
      assert.deepEqual(await engine.validateScale(scale, new ListClusterReader(), 'cluster.local'), { kind: 'MariaDB', findings: [], results: [] });
      assert.deepEqual(
        mariadbPolicy.references.map((r) => [r.kind, r.group, r.watched]),
        [['MaxScale', 'own', true]],
      );
      assert.deepEqual(
        engine.watchedResources(['enterprise.mariadb.com', 'k8s.mariadb.com']).map((r) => `${r.group}/${r.plural}`),
        ['enterprise.mariadb.com/maxscales', 'k8s.mariadb.com/maxscales'],
      );
    });
  });
});

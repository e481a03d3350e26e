// The KubeDB policies as a user meets them: the defaults KubeDB would write into a MariaDB (and the CRD
// defaults of PlacementPolicy and SliceConfig), the findings (rule id and field path) for what KubeDB or
// KubeSlice would reject or run badly, and the placement checks across documents of one lint run.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import fastJsonPatch from 'fast-json-patch';
import { lintManifests } from '../../cli/lint-run.js';
import { parseManifests } from '../../cli/read-manifests.js';
import { ListClusterReader, OFFLINE_READER, type ClusterReader } from '../../policies/cluster-reader.js';
import type { FieldError } from '../../policies/field-error.js';
import type { KindPolicy } from '../../policies/kind-policy.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { kubedbMariaDBPolicy } from '../../policies/kubedb/kubedb-mariadb-policy.js';
import { placementPolicyPolicy } from '../../policies/kubedb/placement-policy-policy.js';
import { sliceConfigPolicy } from '../../policies/kubedb/slice-config-policy.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { PolicyEngine, type Judgement } from '../../policies/policy-engine.js';
import { allRules, KIND_POLICIES } from '../../policies/registry.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { assertKeeps } from '../support/assert-keeps.js';
import { FIXTURES_DIR, manifestsIn } from '../support/fixtures.js';
import { harness, type PolicyHarness } from '../support/policy-harness.js';
import { mutate, validate as validateAdmission } from '../../webhook/admission.js';

const SEEDS = 'examples/seed-001-kubedb';
const seeds = manifestsIn(SEEDS);
const seed = (kind: string): KubeObject => structuredClone(seeds.find((s) => s.object.kind === kind)!.object);

/**
 * A reader over a fixed list where, as for the API server, a cluster-scoped object (no namespace) is found
 * with namespace '' and a missing object is `undefined`.
 */
function readerOf(...objects: KubeObject[]): ClusterReader {
  return new ListClusterReader(objects, '');
}

function ctx(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return { operation: 'CREATE', group: 'kubedb.com', namespace: 'demo', clusterDomain: 'cluster.local', reader: readerOf(), ...overrides };
}

function mariadb(spec: Record<string, unknown>, name = 'mariadb'): KubeObject {
  return { apiVersion: 'kubedb.com/v1', kind: 'MariaDB', metadata: { name, namespace: 'demo' }, spec };
}

/** A valid Galera MariaDB: the rules that are not under test stay silent on it. */
function galera(extra: Record<string, unknown> = {}): KubeObject {
  return mariadb({ version: '11.5.2', replicas: 3, storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, ...extra });
}

function placementPolicy(spec: Record<string, unknown>, name = 'distributed-mariadb'): KubeObject {
  return { apiVersion: 'apps.k8s.appscode.com/v1', kind: 'PlacementPolicy', metadata: { name }, spec };
}

function sliceConfig(spec: Record<string, unknown>, name = 'demo-slice', namespace = 'kubeslice-demo'): KubeObject {
  return { apiVersion: 'controller.kubeslice.io/v1alpha1', kind: 'SliceConfig', metadata: { name, namespace }, spec };
}

/** The clusterSpreadConstraint form, placing each list of indices in cluster-<i>. */
function spread(...indices: number[][]): Record<string, unknown> {
  return {
    clusterSpreadConstraint: {
      distributionRules: indices.map((replicaIndices, i) => ({ clusterName: `cluster-${i}`, replicaIndices })),
      slice: { projectNamespace: 'kubeslice-demo', sliceName: 'demo-slice' },
    },
  };
}

const validSlice = (clusters: string[] = ['cluster-0', 'cluster-1', 'cluster-2']): KubeObject =>
  sliceConfig({
    sliceSubnet: '10.1.0.0/16',
    clusters,
    qosProfileDetails: { priority: 1, bandwidthCeilingKbps: 5120, bandwidthGuaranteedKbps: 2560, dscpClass: 'AF11' },
    namespaceIsolationProfile: { applicationNamespaces: [{ namespace: 'demo', clusters: ['*'] }] },
  });

const distributed = (extra: Record<string, unknown> = {}) =>
  galera({ distributed: true, podTemplate: { spec: { podPlacementPolicy: { name: 'distributed-mariadb' } } }, ...extra });

function resultOf(judgement: Judgement, rule: string) {
  const found = judgement.results.find((r) => r.rule === rule);
  assert.ok(found, `no result for ${rule}`);
  return found;
}

const harnesses = new Map<KindPolicy, PolicyHarness>();

/** The policy as the engine runs it (defaults on a clone, then the rules with a result each). */
function run(policy: KindPolicy): PolicyHarness {
  let found = harnesses.get(policy);
  if (!found) harnesses.set(policy, (found = harness(policy)));
  return found;
}

async function defaulted(policy: KindPolicy, object: KubeObject, context: PolicyContext = ctx()): Promise<KubeObject> {
  return (await run(policy).default(object, context)).object;
}

async function findings(policy: KindPolicy, object: KubeObject, context: PolicyContext = ctx()): Promise<FieldError[]> {
  return run(policy).validate(object, context);
}

/** `rule@path` of each finding, for compact assertions. */
async function hits(policy: KindPolicy, object: KubeObject, context?: PolicyContext): Promise<string[]> {
  return (await findings(policy, object, context)).map((f) => `${f.rule}@${f.path}`);
}

const md = (object: KubeObject, context?: PolicyContext) => hits(kubedbMariaDBPolicy, object, context);
const pp = (object: KubeObject, context?: PolicyContext) => hits(placementPolicyPolicy, object, context);
const sc = (object: KubeObject, context?: PolicyContext) => hits(sliceConfigPolicy, object, context);

describe('KubeDB policies', () => {
  describe('MariaDB defaults', () => {
    it('gives a bare MariaDB one replica, Durable storage and deletionPolicy Delete, and no topology', async () => {
      const out = await defaulted(kubedbMariaDBPolicy, mariadb({ version: '11.5.2' }));
      assert.deepEqual(out.spec, { version: '11.5.2', replicas: 1, storageType: 'Durable', deletionPolicy: 'Delete' });
    });

    it('makes more than one replica a Galera cluster with rsync SST, as KubeDB writes it', async () => {
      const out = await defaulted(kubedbMariaDBPolicy, mariadb({ version: '11.5.2', replicas: 3 }));
      assert.deepEqual(out.spec?.topology, { mode: 'GaleraCluster' });
      assert.equal(out.spec?.wsrepSSTMethod, 'rsync');
    });

    it('gives a topology without a mode the Galera mode, but leaves a MaxScale topology to KubeDB', async () => {
      assert.deepEqual((await defaulted(kubedbMariaDBPolicy, mariadb({ version: '1', replicas: 3, topology: {} }))).spec?.topology, { mode: 'GaleraCluster' });
      const maxscale = { maxscale: { replicas: 3 } };
      assert.deepEqual((await defaulted(kubedbMariaDBPolicy, mariadb({ version: '1', replicas: 3, topology: maxscale }))).spec?.topology, maxscale);
    });

    it('keeps the mode, the SST method and the deletion policy the user chose', async () => {
      const out = await defaulted(
        kubedbMariaDBPolicy,
        mariadb({ version: '1', replicas: 3, topology: { mode: 'MariaDBReplication' }, wsrepSSTMethod: 'mariabackup', deletionPolicy: 'WipeOut' }),
      );
      assert.deepEqual(out.spec?.topology, { mode: 'MariaDBReplication' });
      assert.equal(out.spec?.wsrepSSTMethod, 'mariabackup');
      assert.equal(out.spec?.deletionPolicy, 'WipeOut');
    });

    it('writes rsync for a replication cluster too (KubeDB sets it for any cluster), but not for one server', async () => {
      assert.equal(
        (await defaulted(kubedbMariaDBPolicy, mariadb({ version: '1', replicas: 3, topology: { mode: 'MariaDBReplication' } }))).spec?.wsrepSSTMethod,
        'rsync',
      );
      assert.equal((await defaulted(kubedbMariaDBPolicy, mariadb({ version: '1', replicas: 1 }))).spec?.wsrepSSTMethod, undefined);
    });

    it('defaults a halted database to deletionPolicy Halt, never overriding a chosen policy', async () => {
      assert.equal((await defaulted(kubedbMariaDBPolicy, mariadb({ version: '1', halted: true }))).spec?.deletionPolicy, 'Halt');
      assert.equal((await defaulted(kubedbMariaDBPolicy, mariadb({ version: '1', halted: true, deletionPolicy: 'WipeOut' }))).spec?.deletionPolicy, 'WipeOut');
    });

    it('writes the seed MariaDB out as KubeDB would store it', async () => {
      const out = await defaulted(kubedbMariaDBPolicy, seed('MariaDB'));
      const { podTemplate: _p, storage: _s, ...rest } = out.spec!;
      assert.deepEqual(rest, {
        distributed: true,
        deletionPolicy: 'WipeOut',
        replicas: 3,
        storageType: 'Durable',
        version: '11.5.2',
        topology: { mode: 'GaleraCluster' },
        wsrepSSTMethod: 'rsync',
      });
    });

    it('changes a clone, never the object it is given, and does not throw on mistyped input', async () => {
      const input = mariadb({ version: '1', replicas: 3 });
      const before = structuredClone(input);
      const out = await defaulted(kubedbMariaDBPolicy, input);
      assert.deepEqual(input, before);
      assert.notEqual(out, input);
      const mistyped = mariadb({ replicas: 'three', topology: 'galera' });
      assert.deepEqual((await defaulted(kubedbMariaDBPolicy, mistyped)).spec, {
        replicas: 'three',
        topology: 'galera',
        storageType: 'Durable',
        deletionPolicy: 'Delete',
      });
      assert.deepEqual(await defaulted(kubedbMariaDBPolicy, { apiVersion: 'kubedb.com/v1', kind: 'MariaDB', metadata: { name: 'x' } }), {
        apiVersion: 'kubedb.com/v1',
        kind: 'MariaDB',
        metadata: { name: 'x' },
      });
    });
  });

  describe("PlacementPolicy and SliceConfig defaults (their CRDs' own)", () => {
    it('fills maxSkew and whenUnsatisfiable of the spread constraints that are there, and node affinity weights', async () => {
      const out = await defaulted(
        placementPolicyPolicy,
        placementPolicy({ zoneSpreadConstraint: {}, affinity: { nodeAffinity: [{ topologyKey: 'zone', domains: [] }] } }),
      );
      assert.deepEqual(out.spec, {
        zoneSpreadConstraint: { maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' },
        affinity: { nodeAffinity: [{ topologyKey: 'zone', domains: [], whenUnsatisfiable: 'DoNotSchedule', weight: 50 }] },
      });
    });

    it('leaves the seed PlacementPolicy as it is: everything is already set', async () => {
      const policy = seed('PlacementPolicy');
      assert.deepEqual(await defaulted(placementPolicyPolicy, policy), policy);
    });

    it('fills the slice type, IPAM type, cluster limit and the defaults inside the blocks that are there', async () => {
      const out = await defaulted(
        sliceConfigPolicy,
        sliceConfig({ sliceGatewayProvider: {}, qosProfileDetails: { priority: 1 }, vpnConfig: {}, namespaceIsolationProfile: {} }),
      );
      assert.deepEqual(out.spec, {
        sliceType: 'Application',
        sliceIpamType: 'Local',
        maxClusters: 16,
        sliceGatewayProvider: { sliceGatewayType: 'OpenVPN', sliceCaType: 'Local' },
        qosProfileDetails: { priority: 1, queueType: 'HTB', tcType: 'BANDWIDTH_CONTROL' },
        vpnConfig: { cipher: 'AES-256-CBC' },
        namespaceIsolationProfile: { isolationEnabled: false },
      });
      const bare = await defaulted(sliceConfigPolicy, sliceConfig({}));
      assert.deepEqual(bare.spec, { sliceType: 'Application', sliceIpamType: 'Local', maxClusters: 16 });
    });

    it('keeps every value the seed SliceConfig sets', async () => {
      const slice = seed('SliceConfig');
      assertKeeps(slice.spec, (await defaulted(sliceConfigPolicy, slice)).spec);
    });
  });

  describe('MariaDB rules', () => {
    it('reports replicas below 1, and only that', async () => {
      assert.deepEqual(await md(galera({ replicas: 0 })), ['kubedb/replicas-below-one@spec.replicas']);
      assert.deepEqual(await md(galera({ replicas: -2 })), ['kubedb/replicas-below-one@spec.replicas']);
      assert.deepEqual(await md(galera({ replicas: 1 })), []);
    });

    it('reports a Galera cluster of 2, and a topology on 1 replica, but not 3 or a standalone server', async () => {
      assert.deepEqual(await md(galera({ replicas: 2 })), ['kubedb/cluster-too-few-replicas@spec.replicas']);
      assert.deepEqual(await md(galera({ replicas: 2, topology: { mode: 'GaleraCluster' } })), ['kubedb/cluster-too-few-replicas@spec.replicas']);
      assert.deepEqual(await md(galera({ replicas: 1, topology: { mode: 'MariaDBReplication' } })), ['kubedb/cluster-too-few-replicas@spec.replicas']);
      assert.deepEqual(await md(galera({ replicas: 3, topology: { mode: 'GaleraCluster' } })), []);
      assert.deepEqual(await md(galera({ replicas: 1 })), []);
    });

    it('says what to do about a 2-node cluster, and that an unset replicas with a topology means 1', async () => {
      const [two] = await findings(kubedbMariaDBPolicy, galera({ replicas: 2 }));
      assert.match(two!.message, /^Invalid value: 2: a Galera cluster needs at least 3 replicas .*set spec.replicas to 3/);
      const { replicas: _r, ...spec } = galera({ topology: { mode: 'GaleraCluster' } }).spec!;
      const [unset] = await findings(kubedbMariaDBPolicy, mariadb(spec));
      assert.match(unset!.message, /^Invalid value: 1 \(the default\): .*remove spec.topology/);
    });

    it('lets a cluster start small while it recovers from an archiver, as KubeDB does', async () => {
      const init = { archiver: { recoveryTimestamp: '2025-01-01T00:00:00Z' } };
      assert.deepEqual(await md(galera({ replicas: 2, init })), []);
      assert.deepEqual(await md(galera({ replicas: 2, init: { ...init, initialized: true } })), ['kubedb/cluster-too-few-replicas@spec.replicas']);
    });

    it('warns about an even Galera cluster, not an odd one or an even replication cluster', async () => {
      const [even] = await findings(kubedbMariaDBPolicy, galera({ replicas: 4 }));
      assert.equal(`${even!.rule}@${even!.path}`, 'kubedb/galera-even-replicas@spec.replicas');
      assert.equal(even!.severity, 'warning');
      assert.match(even!.message, /use 3 or 5/);
      assert.deepEqual(await md(galera({ replicas: 5 })), []);
      assert.deepEqual(await md(galera({ replicas: 4, topology: { mode: 'MariaDBReplication' } })), []);
    });

    it('requires storage for Durable (the default) with a positive request, and none for Ephemeral', async () => {
      const { storage: _s, ...noStorage } = galera().spec!;
      assert.deepEqual(await md(mariadb(noStorage)), ['kubedb/durable-storage-required@spec.storage']);
      assert.deepEqual(await md(mariadb({ ...noStorage, storageType: 'Durable' })), ['kubedb/durable-storage-required@spec.storage']);
      assert.deepEqual(await md(mariadb({ ...noStorage, storage: { accessModes: ['ReadWriteOnce'] } })), [
        'kubedb/durable-storage-required@spec.storage.resources.requests.storage',
      ]);
      for (const zero of ['0', 0, '0Gi', '-1Gi']) {
        assert.deepEqual(
          await md(mariadb({ ...noStorage, storage: { resources: { requests: { storage: zero } } } })),
          ['kubedb/durable-storage-required@spec.storage.resources.requests.storage'],
          String(zero),
        );
      }
      assert.deepEqual(await md(mariadb({ ...noStorage, storageType: 'Ephemeral' })), []);
      // Not a quantity at all: the schema's finding, not a second one here.
      assert.deepEqual(await md(mariadb({ ...noStorage, storage: { resources: { requests: { storage: '1GB' } } } })), []);
    });

    it('reports Halt with Ephemeral storage, whether written or set by halted: true', async () => {
      assert.deepEqual(await md(galera({ storageType: 'Ephemeral', deletionPolicy: 'Halt' })), ['kubedb/halt-with-ephemeral@spec.deletionPolicy']);
      const [halted] = await findings(kubedbMariaDBPolicy, galera({ storageType: 'Ephemeral', halted: true }));
      assert.equal(halted!.rule, 'kubedb/halt-with-ephemeral');
      assert.match(halted!.message, /set by spec.halted: true/);
      assert.deepEqual(await md(galera({ storageType: 'Ephemeral', deletionPolicy: 'Delete' })), []);
      assert.deepEqual(await md(galera({ deletionPolicy: 'Halt' })), []);
    });

    it('reports halting a DoNotTerminate database', async () => {
      assert.deepEqual(await md(galera({ halted: true, deletionPolicy: 'DoNotTerminate' })), ['kubedb/halted-do-not-terminate@spec.halted']);
      assert.deepEqual(await md(galera({ halted: true, deletionPolicy: 'Halt' })), []);
    });

    it('requires a placement policy for a distributed MariaDB only', async () => {
      assert.deepEqual(await md(galera({ distributed: true })), ['kubedb/distributed-without-placement-policy@spec.podTemplate.spec.podPlacementPolicy']);
      assert.deepEqual(await md(galera({ distributed: true, podTemplate: { spec: { podPlacementPolicy: {} } } })), [
        'kubedb/distributed-without-placement-policy@spec.podTemplate.spec.podPlacementPolicy',
      ]);
      assert.deepEqual(await md(galera({ distributed: false })), []);
      assert.deepEqual(await md(distributed(), ctx({ reader: OFFLINE_READER })), []);
    });

    it("reports KubeDB's forbidden root password variables in any form, once each", async () => {
      const env = [
        { name: 'MYSQL_ROOT_PASSWORD', value: 's3cret' },
        { name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'yes' },
        { name: 'MYSQL_RANDOM_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'root', key: 'password' } } },
        { name: 'TZ', value: 'UTC' },
      ];
      const out = await findings(kubedbMariaDBPolicy, galera({ podTemplate: { spec: { containers: [{ name: 'mariadb', env }] } } }));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}`),
        [
          'kubedb/forbidden-env@spec.podTemplate.spec.containers[0].env[0].name',
          'kubedb/forbidden-env@spec.podTemplate.spec.containers[0].env[1].name',
          'kubedb/forbidden-env@spec.podTemplate.spec.containers[0].env[2].name',
        ],
      );
      assert.match(out[0]!.message, /MYSQL_ROOT_PASSWORD is forbidden .*plain-text credential \(value not shown\).*spec.authSecret/);
      assert.ok(
        out.every((f) => !f.message.includes('s3cret')),
        'never echoes the password',
      );
    });

    it('reports other plain-text credentials in the database, MaxScale and exporter containers, not Secret references', async () => {
      const plain = [{ name: 'MYSQL_PASSWORD', value: 'app-pass' }];
      const fromSecret = [{ name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'app', key: 'password' } } }];
      const withEnv = (env: unknown[]) =>
        galera({
          podTemplate: { spec: { containers: [{ name: 'mariadb', env }], initContainers: [{ name: 'mariadb-init', env }] } },
          topology: { mode: 'MariaDBReplication', maxscale: { replicas: 3, podTemplate: { spec: { containers: [{ name: 'maxscale', env }] } } } },
          monitor: { agent: 'prometheus.io/operator', prometheus: { exporter: { env } } },
        });
      assert.deepEqual(await md(withEnv(plain)), [
        'kubedb/plaintext-password@spec.podTemplate.spec.containers[0].env[0].value',
        'kubedb/plaintext-password@spec.podTemplate.spec.initContainers[0].env[0].value',
        'kubedb/plaintext-password@spec.topology.maxscale.podTemplate.spec.containers[0].env[0].value',
        'kubedb/plaintext-password@spec.monitor.prometheus.exporter.env[0].value',
      ]);
      assert.deepEqual(await md(withEnv(fromSecret)), []);
    });

    it('denies changing storageType on UPDATE, where unset means Durable, and only on UPDATE', async () => {
      const update = (before: Record<string, unknown>, after: Record<string, unknown>) =>
        md(galera(after), ctx({ operation: 'UPDATE', oldObject: galera(before) }));
      assert.deepEqual(await update({ storageType: 'Durable' }, { storageType: 'Ephemeral' }), ['kubedb/immutable-field@spec.storageType']);
      assert.deepEqual(await update({}, { storageType: 'Ephemeral' }), ['kubedb/immutable-field@spec.storageType']);
      assert.deepEqual(await update({}, { storageType: 'Durable' }), []);
      assert.deepEqual(await update({ storageType: 'Durable' }, { storageType: 'Durable' }), []);
      assert.deepEqual(await md(galera({ storageType: 'Ephemeral' }), ctx({ oldObject: galera({ storageType: 'Durable' }) })), []);
    });

    it('denies changing spec.init once the database is initialized', async () => {
      const init = { initialized: true, script: { configMap: { name: 'a' } } };
      const update = (after: unknown) => md(galera({ init: after }), ctx({ operation: 'UPDATE', oldObject: galera({ init }) }));
      assert.deepEqual(await update({ ...init, script: { configMap: { name: 'b' } } }), ['kubedb/immutable-field@spec.init']);
      assert.deepEqual(await update(init), []);
    });

    it('does not throw on mistyped fields and leaves them to the schema', async () => {
      const out = await md(mariadb({ replicas: 'three', storage: 'big', podTemplate: { spec: { containers: 'mariadb' } }, distributed: 'yes', topology: 7 }));
      assert.deepEqual(out, []);
    });

    it('passes the seed MariaDB, defaulted, beside its seed PlacementPolicy', async () => {
      const out = await md(await defaulted(kubedbMariaDBPolicy, seed('MariaDB')), ctx({ reader: readerOf(seed('PlacementPolicy'), seed('SliceConfig')) }));
      assert.deepEqual(out, []);
    });
  });

  describe('MariaDB placement coverage, through the cluster reader', () => {
    const withPolicy = (spec: Record<string, unknown>) => ctx({ reader: readerOf(placementPolicy(spec), validSlice()) });

    it('is silent when the policy places exactly 0..replicas-1, in either form', async () => {
      assert.deepEqual(await md(distributed(), withPolicy(spread([0, 2], [1]))), []);
      assert.deepEqual(
        await md(
          distributed(),
          withPolicy({
            ocm: {
              distributionRules: [
                { clusterName: 'a', replicas: [0, 2] },
                { clusterName: 'b', replicas: [1] },
              ],
              sliceName: 'demo-slice',
            },
          }),
        ),
        [],
      );
    });

    it("reports a missing index at the MariaDB's podPlacementPolicy, saying to fix the PlacementPolicy", async () => {
      const out = await findings(kubedbMariaDBPolicy, distributed(), withPolicy(spread([0], [1])));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}`),
        ['kubedb/placement-replica-index-missing@spec.podTemplate.spec.podPlacementPolicy.name'],
      );
      assert.equal(out[0]!.severity, 'error');
      assert.match(
        out[0]!.message,
        /places no pod for replica index 2 \(mariadb-2\) of the 3 replicas: fix the PlacementPolicy: add 2 to the replicaIndices of a cluster in its spec.clusterSpreadConstraint.distributionRules, or lower spec.replicas/,
      );
    });

    it("names the ocm form's field when that is the form used, and lists every missing index once", async () => {
      const [gap] = await findings(
        kubedbMariaDBPolicy,
        distributed({ replicas: 5 }),
        withPolicy({ ocm: { distributionRules: [{ clusterName: 'a', replicas: [0, 2] }] } }),
      );
      assert.match(
        gap!.message,
        /replica indices 1, 3, 4 \(mariadb-1, mariadb-3, mariadb-4\).*add 1, 3, 4 to the replicas of a cluster in its spec.ocm.distributionRules/,
      );
    });

    it('reports a policy without distribution rules as placing no pod', async () => {
      const out = await findings(kubedbMariaDBPolicy, distributed(), withPolicy({ zoneSpreadConstraint: { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' } }));
      assert.deepEqual(
        out.map((f) => f.rule),
        ['kubedb/placement-replica-index-missing'],
      );
      assert.match(out[0]!.message, /has no distribution rules, so none of the 3 pods is placed/);
    });

    it('warns about indices beyond spec.replicas: room to scale up, or a policy for another database', async () => {
      const out = await findings(kubedbMariaDBPolicy, distributed(), withPolicy(spread([0, 2, 4], [1, 3])));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}:${f.severity}`),
        ['kubedb/placement-replica-index-out-of-range@spec.podTemplate.spec.podPlacementPolicy.name:warning'],
      );
      assert.match(
        out[0]!.message,
        /places replica indices 3, 4, but spec.replicas is 3 .*room to scale up; otherwise fix the PlacementPolicy .* or raise spec.replicas/,
      );
    });

    it("leaves a duplicate index to the PlacementPolicy's own finding", async () => {
      assert.deepEqual(await md(distributed(), withPolicy(spread([0, 1], [1, 2]))), []);
    });

    it('warns when the PlacementPolicy does not exist, and stays silent when it cannot be known', async () => {
      const out = await findings(kubedbMariaDBPolicy, distributed(), ctx({ reader: readerOf() }));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}:${f.severity}`),
        ['kubedb/placement-policy-not-found@spec.podTemplate.spec.podPlacementPolicy.name:warning'],
      );
      assert.deepEqual(await md(distributed(), ctx({ reader: OFFLINE_READER })), []);
    });

    it("looks the cluster-scoped PlacementPolicy up in its API group with namespace ''", async () => {
      const keys: unknown[] = [];
      await findings(kubedbMariaDBPolicy, distributed(), ctx({ reader: { get: async (key) => (keys.push(key), 'unknown') } }));
      assert.deepEqual(keys, [{ kind: 'PlacementPolicy', group: 'apps.k8s.appscode.com', namespace: '', name: 'distributed-mariadb' }]);
    });

    it('checks only distributed MariaDBs', async () => {
      assert.deepEqual(await md(galera({ podTemplate: { spec: { podPlacementPolicy: { name: 'distributed-mariadb' } } } }), withPolicy(spread([0]))), []);
    });
  });

  describe('PlacementPolicy rules', () => {
    it('reports an index given twice, at the second place it appears, naming the first', async () => {
      const out = await findings(placementPolicyPolicy, placementPolicy(spread([0, 1], [1, 2], [2])), ctx({ reader: readerOf(validSlice()) }));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}`),
        [
          'kubedb/placement-duplicate-replica-index@spec.clusterSpreadConstraint.distributionRules[1].replicaIndices[0]',
          'kubedb/placement-duplicate-replica-index@spec.clusterSpreadConstraint.distributionRules[2].replicaIndices[0]',
        ],
      );
      assert.match(
        out[0]!.message,
        /^Duplicate value: 1: replica index 1 is already placed in the rule for cluster "cluster-0" \(spec.clusterSpreadConstraint.distributionRules\[0\]\)/,
      );
      assert.deepEqual(await pp(placementPolicy({ ocm: { distributionRules: [{ clusterName: 'a', replicas: [0, 0] }] } })), [
        'kubedb/placement-duplicate-replica-index@spec.ocm.distributionRules[0].replicas[1]',
      ]);
      assert.deepEqual(await pp(placementPolicy(spread([0, 2], [1])), ctx({ reader: readerOf(validSlice()) })), []);
    });

    it('reports a cluster that is not in the slice, through the slice reference', async () => {
      const out = await findings(
        placementPolicyPolicy,
        placementPolicy(spread([0], [1], [2])),
        ctx({ reader: readerOf(validSlice(['cluster-0', 'cluster-1'])) }),
      );
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}`),
        ['kubedb/placement-cluster-not-in-slice@spec.clusterSpreadConstraint.distributionRules[2].clusterName'],
      );
      assert.match(out[0]!.message, /cluster "cluster-2" is not in the clusters of SliceConfig kubeslice-demo\/demo-slice \("cluster-0", "cluster-1"\)/);
      assert.deepEqual(await pp(placementPolicy(spread([0], [1], [2])), ctx({ reader: readerOf(validSlice()) })), []);
    });

    it('warns when the SliceConfig does not exist, and stays silent when it cannot be known', async () => {
      const out = await findings(placementPolicyPolicy, placementPolicy(spread([0])), ctx({ reader: readerOf() }));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}:${f.severity}`),
        ['kubedb/slice-config-not-found@spec.clusterSpreadConstraint.slice.sliceName:warning'],
      );
      assert.deepEqual(await pp(placementPolicy(spread([0])), ctx({ reader: OFFLINE_READER })), []);
    });

    it("finds the ocm form's slice by its name in any namespace, and checks the policy's clusters against it", async () => {
      const policy = seed('PlacementPolicy');
      assert.deepEqual(await pp(policy, ctx({ reader: readerOf(seed('SliceConfig')) })), []);
      const narrow = { ...seed('SliceConfig'), spec: { ...seed('SliceConfig').spec, clusters: ['demo-controller'] } };
      const out = await findings(placementPolicyPolicy, policy, ctx({ reader: readerOf(narrow) }));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}`),
        ['kubedb/placement-cluster-not-in-slice@spec.ocm.distributionRules[1].clusterName'],
      );
      assert.match(out[0]!.message, /cluster "demo-worker" is not in the clusters of SliceConfig kubeslice-demo-distributed-mariadb\/demo-slice/);
      assert.deepEqual(
        (await findings(placementPolicyPolicy, policy, ctx({ reader: readerOf() }))).map((f) => `${f.rule}@${f.path}:${f.severity}`),
        ['kubedb/slice-config-not-found@spec.ocm.sliceName:warning'],
      );
    });

    it("does not guess between two SliceConfigs of the ocm form's name in different namespaces, nor judge without a reader that can list", async () => {
      const policy = seed('PlacementPolicy');
      const twin = { ...seed('SliceConfig'), metadata: { ...seed('SliceConfig').metadata, namespace: 'elsewhere' }, spec: { clusters: [] } };
      const judgement = await run(placementPolicyPolicy).judge(policy, ctx({ reader: readerOf(seed('SliceConfig'), twin) }));
      assert.equal(resultOf(judgement, 'kubedb/placement-cluster-not-in-slice').status, 'skip');
      assert.match(resultOf(judgement, 'kubedb/placement-cluster-not-in-slice').reason!, /several SliceConfigs are named "demo-slice"/);
      const getOnly: ClusterReader = { get: async () => undefined };
      assert.deepEqual(await pp(policy, ctx({ reader: getOnly })), []);
    });

    it('passes the seed PlacementPolicy and a policy without multi-cluster rules', async () => {
      assert.deepEqual(await pp(seed('PlacementPolicy'), ctx({ reader: readerOf(seed('SliceConfig')) })), []);
      assert.deepEqual(await pp(placementPolicy({ nodeSpreadConstraint: { maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' } })), []);
      assert.deepEqual(await pp({ apiVersion: 'apps.k8s.appscode.com/v1', kind: 'PlacementPolicy', metadata: { name: 'p' } }), []);
    });
  });

  describe('SliceConfig rules', () => {
    const slice = (extra: Record<string, unknown>) => {
      const base = validSlice();
      return sliceConfig({ ...base.spec, ...extra });
    };

    it('passes the seed SliceConfig and a minimal valid one', async () => {
      assert.deepEqual(await sc(seed('SliceConfig')), []);
      assert.deepEqual(await sc(validSlice()), []);
    });

    it('requires a private /16 slice subnet ending in .0.0', async () => {
      for (const subnet of ['8.8.0.0/16', '10.1.0.0/24', '10.1.2.0/16', undefined]) {
        assert.deepEqual(await sc(slice({ sliceSubnet: subnet })), ['kubedb/slice-subnet-invalid@spec.sliceSubnet'], String(subnet));
      }
      const [both] = await findings(sliceConfigPolicy, slice({ sliceSubnet: '172.20.3.0/24' }));
      assert.equal(both!.message, 'Invalid value: "172.20.3.0/24": prefix must be 16, third and fourth octets must be 0: use a network such as 172.20.0.0/16');
      for (const subnet of ['10.1.0.0/16', '172.16.0.0/16', '192.168.0.0/16']) assert.deepEqual(await sc(slice({ sliceSubnet: subnet })), [], subnet);
      // Not a CIDR at all: the schema's finding.
      assert.deepEqual(await sc(slice({ sliceSubnet: 'ten' })), []);
    });

    it('reports a cluster listed twice, and more clusters than maxClusters', async () => {
      assert.deepEqual(await sc(slice({ clusters: ['a', 'b', 'a'] })), ['kubedb/slice-duplicate-cluster@spec.clusters[2]']);
      assert.deepEqual(await sc(slice({ clusters: ['a', 'b', 'c'], maxClusters: 2 })), ['kubedb/slice-too-many-clusters@spec.clusters']);
      const seventeen = Array.from({ length: 17 }, (_, i) => `c${i}`);
      const [many] = await findings(sliceConfigPolicy, slice({ clusters: seventeen }));
      assert.match(many!.message, /at most 16 \(the default\) clusters/);
      assert.deepEqual(await sc(slice({ clusters: seventeen, maxClusters: 32 })), []);
    });

    it('requires exactly one QoS profile, and a guarantee within the ceiling', async () => {
      const { qosProfileDetails: qos, ...noQos } = validSlice().spec!;
      assert.deepEqual(await sc(sliceConfig(noQos)), ['kubedb/slice-qos-profile-required@spec.qosProfileDetails']);
      assert.deepEqual(await sc(sliceConfig({ ...noQos, standardQosProfileName: 'gold' })), []);
      assert.deepEqual(await sc(sliceConfig({ ...noQos, qosProfileDetails: qos, standardQosProfileName: 'gold' })), [
        'kubedb/slice-qos-profile-required@spec.standardQosProfileName',
      ]);
      const over = { ...(qos as object), bandwidthGuaranteedKbps: 6000 };
      assert.deepEqual(await sc(slice({ qosProfileDetails: over })), [
        'kubedb/slice-bandwidth-guarantee-above-ceiling@spec.qosProfileDetails.bandwidthGuaranteedKbps',
      ]);
    });

    it('reports namespace and gateway clusters outside the slice, and * beside other clusters', async () => {
      const out = await sc(
        slice({
          namespaceIsolationProfile: {
            applicationNamespaces: [{ namespace: 'demo', clusters: ['cluster-0', 'elsewhere'] }],
            allowedNamespaces: [{ namespace: 'kube-system', clusters: ['*', 'cluster-1'] }],
          },
          externalGatewayConfig: [{ gatewayType: 'istio', clusters: ['gone'] }],
        }),
      );
      assert.deepEqual(out, [
        'kubedb/slice-unknown-cluster@spec.namespaceIsolationProfile.applicationNamespaces[0].clusters[1]',
        'kubedb/slice-unknown-cluster@spec.namespaceIsolationProfile.allowedNamespaces[0].clusters',
        'kubedb/slice-unknown-cluster@spec.externalGatewayConfig[0].clusters[0]',
      ]);
      assert.deepEqual(
        await sc(
          slice({
            namespaceIsolationProfile: {
              applicationNamespaces: [
                { namespace: 'demo', clusters: ['*'] },
                { namespace: 'db', clusters: ['cluster-2'] },
              ],
            },
          }),
        ),
        [],
      );
    });

    it('denies changing the subnet, type and gateway on UPDATE, where unset means the CRD default', async () => {
      const update = (before: Record<string, unknown>, after: Record<string, unknown>) =>
        sc(slice(after), ctx({ operation: 'UPDATE', oldObject: slice(before) }));
      assert.deepEqual(await update({}, { sliceSubnet: '10.2.0.0/16' }), ['kubedb/immutable-field@spec.sliceSubnet']);
      assert.deepEqual(await update({}, { sliceGatewayProvider: { sliceGatewayType: 'Wireguard', sliceCaType: 'Local' } }), [
        'kubedb/immutable-field@spec.sliceGatewayProvider.sliceGatewayType',
      ]);
      assert.deepEqual(await update({}, { sliceIpamType: 'Local', sliceType: 'Application', sliceGatewayProvider: { sliceGatewayType: 'OpenVPN' } }), []);
      assert.deepEqual(await update({}, { clusters: ['cluster-0'] }), []);
    });
  });

  describe('per-rule results: what was checked, what failed, what could not be judged', () => {
    it('fails the rule that fired, passes the ones that did not, and skips an UPDATE-only rule on CREATE', async () => {
      const judgement = await run(kubedbMariaDBPolicy).judge(galera({ replicas: 2 }), ctx());
      assert.deepEqual(resultOf(judgement, 'kubedb/cluster-too-few-replicas'), { rule: 'kubedb/cluster-too-few-replicas', status: 'fail' });
      assert.deepEqual(resultOf(judgement, 'kubedb/replicas-below-one'), { rule: 'kubedb/replicas-below-one', status: 'pass' });
      assert.deepEqual(resultOf(judgement, 'kubedb/durable-storage-required'), { rule: 'kubedb/durable-storage-required', status: 'pass' });
      assert.deepEqual(resultOf(judgement, 'kubedb/immutable-field'), { rule: 'kubedb/immutable-field', status: 'skip', reason: 'judges UPDATE only' });
      const kubedbResults = judgement.results.filter((r) => r.rule.startsWith('kubedb/'));
      assert.deepEqual(
        kubedbResults.map((r) => r.rule),
        kubedbMariaDBPolicy.rules.map((r) => r.id),
        'one result per rule of the policy',
      );
    });

    it('judges the immutable fields on UPDATE: pass when kept, fail when changed, for a MariaDB and a SliceConfig alike', async () => {
      const update = (oldObject: KubeObject) => ctx({ operation: 'UPDATE', oldObject });
      const kept = await run(kubedbMariaDBPolicy).judge(galera(), update(galera({ storageType: 'Durable' })));
      assert.equal(resultOf(kept, 'kubedb/immutable-field').status, 'pass');
      const changed = await run(kubedbMariaDBPolicy).judge(galera({ storageType: 'Ephemeral' }), update(galera()));
      assert.equal(resultOf(changed, 'kubedb/immutable-field').status, 'fail');
      const slice = await run(sliceConfigPolicy).judge(validSlice(), update(sliceConfig({ ...validSlice().spec, sliceSubnet: '10.2.0.0/16' })));
      assert.equal(resultOf(slice, 'kubedb/immutable-field').status, 'fail');
      const created = await run(sliceConfigPolicy).judge(validSlice(), ctx());
      assert.deepEqual(resultOf(created, 'kubedb/immutable-field'), { rule: 'kubedb/immutable-field', status: 'skip', reason: 'judges UPDATE only' });
    });

    it('compares each kind on its own fields only, though both share the rule', async () => {
      const catalogued = allRules().find((r) => r.id === 'kubedb/immutable-field')!;
      assert.deepEqual(
        catalogued.immutableFields!.map((f) => f.path),
        [
          'spec.storageType',
          'spec.init',
          'spec.sliceSubnet',
          'spec.sliceType',
          'spec.sliceGatewayProvider.sliceGatewayType',
          'spec.sliceGatewayProvider.sliceCaType',
          'spec.sliceIpamType',
        ],
      );
      const slice = (spec: Record<string, unknown>) => sliceConfig({ ...validSlice().spec, ...spec });
      assert.deepEqual(await sc(slice({ storageType: 'Ephemeral' }), ctx({ operation: 'UPDATE', oldObject: slice({}) })), []);
      assert.deepEqual(await md(galera({ sliceType: 'Mesh' }), ctx({ operation: 'UPDATE', oldObject: galera() })), []);
    });

    it('skips the placement rules, with why, when the cluster cannot say whether the PlacementPolicy exists', async () => {
      const offline = await run(kubedbMariaDBPolicy).judge(distributed(), ctx({ reader: OFFLINE_READER }));
      assert.deepEqual(offline.findings, []);
      for (const rule of ['kubedb/placement-policy-not-found', 'kubedb/placement-replica-index-missing', 'kubedb/placement-replica-index-out-of-range']) {
        assert.deepEqual(resultOf(offline, rule), { rule, status: 'skip', reason: 'PlacementPolicy "distributed-mariadb" could not be looked up' });
      }
      assert.equal(resultOf(offline, 'kubedb/distributed-without-placement-policy').status, 'pass');
    });

    it('fails placement-policy-not-found when the PlacementPolicy is missing, and skips the coverage rules that need it', async () => {
      const missing = await run(kubedbMariaDBPolicy).judge(distributed(), ctx({ reader: readerOf() }));
      assert.equal(resultOf(missing, 'kubedb/placement-policy-not-found').status, 'fail');
      assert.deepEqual(resultOf(missing, 'kubedb/placement-replica-index-missing'), {
        rule: 'kubedb/placement-replica-index-missing',
        status: 'skip',
        reason: 'PlacementPolicy "distributed-mariadb" does not exist (kubedb/placement-policy-not-found)',
      });
    });

    it('asks the cluster for the PlacementPolicy once per judgement, though four rules read it', async () => {
      let asked = 0;
      const counting: ClusterReader = {
        get: async (key) => ((asked += key.kind === 'PlacementPolicy' ? 1 : 0), readerOf(placementPolicy(spread([0], [1], [2])), validSlice()).get(key)),
      };
      assert.deepEqual(await md(distributed(), ctx({ reader: counting })), []);
      assert.equal(asked, 1);
      await md(distributed(), ctx({ reader: counting }));
      assert.equal(asked, 2, 'a new judgement asks again');
    });

    it('judges the slice rules of a PlacementPolicy in the spec.ocm form, and skips them when the cluster cannot be asked', async () => {
      const judgement = await run(placementPolicyPolicy).judge(seed('PlacementPolicy'), ctx({ reader: readerOf(seed('SliceConfig')) }));
      assert.equal(resultOf(judgement, 'kubedb/slice-config-not-found').status, 'pass');
      assert.equal(resultOf(judgement, 'kubedb/placement-cluster-not-in-slice').status, 'pass');
      const offline = await run(placementPolicyPolicy).judge(seed('PlacementPolicy'), ctx({ reader: OFFLINE_READER }));
      assert.equal(resultOf(offline, 'kubedb/slice-config-not-found').status, 'skip');
      assert.equal(resultOf(offline, 'kubedb/placement-duplicate-replica-index').status, 'pass');
    });

    it("reports a distributed MariaDB whose namespace the PlacementPolicy's SliceConfig does not onboard, in either form", async () => {
      const reader = (slice: KubeObject) => ctx({ reader: readerOf(placementPolicy(spread([0], [1], [2])), slice) });
      const none = {
        ...validSlice(),
        spec: { ...validSlice().spec, namespaceIsolationProfile: { applicationNamespaces: [{ namespace: 'kubedb', clusters: ['*'] }] } },
      };
      const out = await findings(kubedbMariaDBPolicy, distributed(), reader(none));
      assert.deepEqual(
        out.map((f) => `${f.rule}@${f.path}`),
        ['kubedb/namespace-not-in-slice@spec.podTemplate.spec.podPlacementPolicy.name'],
      );
      assert.match(out[0]!.message, /does not onboard namespace "demo".*add \{namespace: demo, clusters: \['\*'\]\}/);
      const partly = {
        ...validSlice(),
        spec: { ...validSlice().spec, namespaceIsolationProfile: { applicationNamespaces: [{ namespace: 'demo', clusters: ['cluster-0', 'cluster-1'] }] } },
      };
      assert.match((await findings(kubedbMariaDBPolicy, distributed(), reader(partly)))[0]!.message, /only in "cluster-0", "cluster-1", not in "cluster-2"/);
      assert.deepEqual(await md(distributed(), reader(validSlice())), []);
      // The seed's own trio, spec.ocm form: onboarded, silent.
      const seeded = ctx({ reader: readerOf({ ...seed('PlacementPolicy') }, seed('SliceConfig')) });
      assert.deepEqual(await md(seed('MariaDB'), seeded), []);
    });

    it('groups the findings of one object by rule: every forbidden variable, then every plain-text credential', async () => {
      const containers = [
        { name: 'mariadb', env: [{ name: 'MYSQL_PASSWORD', value: 'app-pass' }] },
        { name: 'sidecar', env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 's3cret' }] },
      ];
      assert.deepEqual(await md(galera({ podTemplate: { spec: { containers } } })), [
        'kubedb/forbidden-env@spec.podTemplate.spec.containers[1].env[0].name',
        'kubedb/plaintext-password@spec.podTemplate.spec.containers[0].env[0].value',
      ]);
    });

    it('declares what each policy reads, so the webhook caches the PlacementPolicies and SliceConfigs', () => {
      const reads = (policy: KindPolicy) => policy.references.map((r) => `${r.kind}.${r.group} watched=${r.watched}`);
      assert.deepEqual(reads(kubedbMariaDBPolicy), ['PlacementPolicy.apps.k8s.appscode.com watched=true', 'SliceConfig.controller.kubeslice.io watched=true']);
      assert.deepEqual(reads(placementPolicyPolicy), ['SliceConfig.controller.kubeslice.io watched=true']);
      assert.deepEqual(reads(sliceConfigPolicy), []);
    });
  });

  describe('across the documents of one lint run', () => {
    const engine = new PolicyEngine([...KIND_POLICIES, kubedbMariaDBPolicy, placementPolicyPolicy, sliceConfigPolicy], new SchemaValidator());
    // The run's reader must find a cluster-scoped PlacementPolicy (a manifest without a namespace) when it is
    // asked with namespace '', as the API server would; ListClusterReader keys such objects under 'default'.
    const CLUSTER_SCOPED_LOOKUP = "the lint run's reader did not find the cluster-scoped PlacementPolicy with namespace ''";
    const lintFixture = (file: string) => lintManifests([parseManifests(file, readFileSync(join(FIXTURES_DIR, 'kubedb', file), 'utf8'))], engine);

    it('reports the pod a PlacementPolicy covering 0 and 1 leaves out of a 3-replica MariaDB, on the MariaDB', async () => {
      const result = await lintFixture('placement-gap.yaml');
      assert.deepEqual(
        result.findings.map((f) => ({ kind: f.kind, name: f.name, rule: f.rule, path: f.path, line: f.line, severity: f.severity })),
        [
          {
            kind: 'MariaDB',
            name: 'mariadb',
            rule: 'kubedb/placement-replica-index-missing',
            path: 'spec.podTemplate.spec.podPlacementPolicy.name',
            line: 69,
            severity: 'error',
          },
        ],
        CLUSTER_SCOPED_LOOKUP,
      );
      assert.match(result.findings[0]!.message, /PlacementPolicy "distributed-mariadb" places no pod for replica index 2 \(mariadb-2\)/);
      assert.deepEqual(result.summary, { files: 1, documents: 3, notChecked: 0, errors: 1, warnings: 0 });
    });

    it('reports a duplicate index and a cluster outside the slice on the PlacementPolicy, and spare indices on the MariaDB', async () => {
      const result = await lintFixture('placement-mistakes.yaml');
      assert.deepEqual(
        result.findings.map((f) => `${f.kind}/${f.name} ${f.severity} ${f.rule}@${f.path}`),
        [
          'PlacementPolicy/three-sites error kubedb/placement-duplicate-replica-index@spec.clusterSpreadConstraint.distributionRules[1].replicaIndices[0]',
          'PlacementPolicy/three-sites error kubedb/placement-cluster-not-in-slice@spec.clusterSpreadConstraint.distributionRules[2].clusterName',
          'MariaDB/shop warning kubedb/placement-replica-index-out-of-range@spec.podTemplate.spec.podPlacementPolicy.name',
        ],
        CLUSTER_SCOPED_LOOKUP,
      );
    });

    it('passes the seed trio (PlacementPolicy, SliceConfig, distributed MariaDB) with no finding at all', async () => {
      const dir = join(FIXTURES_DIR, SEEDS);
      const files = readdirSync(dir)
        .sort()
        .map((file) => parseManifests(file, readFileSync(join(dir, file), 'utf8')));
      const result = await lintManifests(files, engine);
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.summary, { files: 3, documents: 3, notChecked: 0, errors: 0, warnings: 0 });
    });

    it('sees the gap only when the PlacementPolicy is in the run: alone, the MariaDB passes', async () => {
      const text = readFileSync(join(FIXTURES_DIR, 'kubedb', 'placement-gap.yaml'), 'utf8');
      const mariadbOnly = text.split('\n---\n')[2]!;
      const result = await lintManifests([parseManifests('mariadb.yaml', mariadbOnly)], engine);
      assert.deepEqual(result.findings, []);
    });
  });

  describe('the webhook, after defaulting', () => {
    const engine = new PolicyEngine([...KIND_POLICIES, kubedbMariaDBPolicy, placementPolicyPolicy, sliceConfigPolicy], new SchemaValidator());
    const RESOURCES: Record<string, string> = { MariaDB: 'mariadbs', PlacementPolicy: 'placementpolicies', SliceConfig: 'sliceconfigs' };
    const review = (object: KubeObject, uid: string) => {
      const [group, version] = String(object.apiVersion).split('/') as [string, string];
      return {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid,
          kind: { group, version, kind: String(object.kind) },
          resource: { group, version, resource: RESOURCES[String(object.kind)]! },
          name: object.metadata?.name,
          ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
          operation: 'CREATE',
          object,
        },
      };
    };
    const servedGroups = ['kubedb.com', 'apps.k8s.appscode.com', 'controller.kubeslice.io'];

    for (const [label, reader] of [
      ['a cluster that knows the other two', readerOf(...seeds.map((s) => s.object as KubeObject))],
      ['an unreachable cluster', OFFLINE_READER],
    ] as const) {
      it(`admits each seed manifest, patched with the defaults, with ${label}`, async () => {
        const deps = { engine, reader, clusterDomain: 'cluster.local', servedGroups };
        for (const { file, object } of seeds) {
          const original = object as KubeObject;
          const mutated = (await mutate(review(original, `m-${file}`), deps)).review.response;
          assert.equal(mutated.allowed, true, file);
          const patch = mutated.patch ? (JSON.parse(Buffer.from(mutated.patch, 'base64').toString('utf8')) as fastJsonPatch.Operation[]) : [];
          const stored = fastJsonPatch.applyPatch(structuredClone(original), patch, true, false).newDocument;
          const judged = (await validateAdmission(review(stored, `v-${file}`), deps)).review.response;
          assert.deepEqual(
            { allowed: judged.allowed, warnings: judged.warnings },
            { allowed: true, warnings: undefined },
            `${file}: ${JSON.stringify(judged)}`,
          );
        }
      });
    }

    it("denies the MariaDB of the placement gap in the API server's words, when the cluster holds its PlacementPolicy", async () => {
      const [policy, , db] = manifestsIn('kubedb')
        .filter((m) => m.file === 'placement-gap.yaml')
        .map((m) => m.object as KubeObject);
      const deps = { engine, reader: readerOf(policy!), clusterDomain: 'cluster.local', servedGroups };
      const denied = (await validateAdmission(review(await defaulted(kubedbMariaDBPolicy, db!), 'gap'), deps)).review.response;
      assert.equal(denied.allowed, false);
      assert.match(
        denied.status!.message,
        /^MariaDB.kubedb.com "mariadb" is invalid: spec.podTemplate.spec.podPlacementPolicy.name: Invalid value: "distributed-mariadb": PlacementPolicy "distributed-mariadb" places no pod for replica index 2/,
      );
    });
  });

  describe('laws over generated specs (property tests)', () => {
    const quantity = fc.constantFrom('1Gi', '500Mi', '0', 10);
    const env = fc.array(fc.record({ name: fc.constantFrom('MYSQL_PASSWORD', 'TZ', 'MYSQL_ROOT_PASSWORD'), value: fc.constantFrom('x', 'UTC') }), {
      maxLength: 2,
    });
    const mariadbSpec = fc.record(
      {
        version: fc.constantFrom('11.5.2', '10.6.16'),
        replicas: fc.integer({ min: -1, max: 6 }),
        distributed: fc.boolean(),
        storageType: fc.constantFrom('Durable', 'Ephemeral'),
        storage: fc.record(
          { accessModes: fc.constant(['ReadWriteOnce']), resources: fc.record({ requests: fc.record({ storage: quantity }) }) },
          { requiredKeys: [] },
        ),
        deletionPolicy: fc.constantFrom('Halt', 'Delete', 'WipeOut', 'DoNotTerminate'),
        halted: fc.boolean(),
        topology: fc.record(
          { mode: fc.constantFrom('GaleraCluster', 'MariaDBReplication'), maxscale: fc.record({ replicas: fc.integer({ min: 1, max: 3 }) }) },
          { requiredKeys: [] },
        ),
        wsrepSSTMethod: fc.constantFrom('rsync', 'mariabackup'),
        podTemplate: fc.record(
          {
            spec: fc.record(
              {
                podPlacementPolicy: fc.record({ name: fc.constantFrom('distributed-mariadb', 'missing') }),
                containers: fc.array(fc.record({ name: fc.constant('mariadb'), env }), { maxLength: 1 }),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const placementSpec = fc.record(
      {
        zoneSpreadConstraint: fc.record(
          { maxSkew: fc.integer({ min: 1, max: 3 }), whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway') },
          { requiredKeys: [] },
        ),
        nodeSpreadConstraint: fc.record(
          { maxSkew: fc.integer({ min: 1, max: 3 }), whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway') },
          { requiredKeys: [] },
        ),
        affinity: fc.record({
          nodeAffinity: fc.array(
            fc.record(
              {
                topologyKey: fc.constant('zone'),
                domains: fc.constant([]),
                weight: fc.integer({ min: 1, max: 100 }),
                whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'),
              },
              { requiredKeys: ['topologyKey', 'domains'] },
            ),
            { maxLength: 2 },
          ),
        }),
        clusterSpreadConstraint: fc.record({
          distributionRules: fc.array(
            fc.record({ clusterName: fc.constantFrom('a', 'b'), replicaIndices: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }) }),
            { maxLength: 3 },
          ),
        }),
      },
      { requiredKeys: [] },
    );
    const sliceSpec = fc.record(
      {
        sliceSubnet: fc.constantFrom('10.1.0.0/16', '10.1.2.0/24'),
        sliceType: fc.constant('Application'),
        sliceIpamType: fc.constantFrom('Local', 'Dynamic'),
        maxClusters: fc.integer({ min: 2, max: 32 }),
        clusters: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
        sliceGatewayProvider: fc.record(
          {
            sliceGatewayType: fc.constantFrom('OpenVPN', 'Wireguard'),
            sliceCaType: fc.constant('Local'),
            sliceGatewayServiceType: fc.array(
              fc.record(
                { cluster: fc.constant('*'), type: fc.constantFrom('NodePort', 'LoadBalancer'), protocol: fc.constantFrom('TCP', 'UDP') },
                { requiredKeys: ['cluster'] },
              ),
              { maxLength: 1 },
            ),
          },
          { requiredKeys: [] },
        ),
        qosProfileDetails: fc.record(
          { queueType: fc.constant('HTB'), priority: fc.integer({ min: 0, max: 3 }), tcType: fc.constant('BANDWIDTH_CONTROL') },
          { requiredKeys: ['priority'] },
        ),
        vpnConfig: fc.record({ cipher: fc.constantFrom('AES-256-CBC', 'AES-128-CBC') }, { requiredKeys: [] }),
        namespaceIsolationProfile: fc.record({ isolationEnabled: fc.boolean() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    const readers = fc.constantFrom<ClusterReader>(readerOf(placementPolicy(spread([0, 2], [1])), validSlice()), readerOf(), OFFLINE_READER);
    const kinds: Array<{
      kind: string;
      policy: KindPolicy;
      specs: fc.Arbitrary<Record<string, unknown>>;
      object: (spec: Record<string, unknown>) => KubeObject;
    }> = [
      { kind: 'MariaDB', policy: kubedbMariaDBPolicy, specs: mariadbSpec, object: (spec) => mariadb(structuredClone(spec)) },
      { kind: 'PlacementPolicy', policy: placementPolicyPolicy, specs: placementSpec, object: (spec) => placementPolicy(structuredClone(spec)) },
      { kind: 'SliceConfig', policy: sliceConfigPolicy, specs: sliceSpec, object: (spec) => sliceConfig(structuredClone(spec)) },
    ];

    for (const { kind, policy, specs, object } of kinds) {
      it(`${kind}: default(default(x)) equals default(x)`, async () => {
        await fc.assert(
          fc.asyncProperty(specs, readers, async (spec, reader) => {
            const once = await defaulted(policy, object(spec), ctx({ reader }));
            const twice = await defaulted(policy, once, ctx({ reader }));
            assert.deepEqual(twice, once);
          }),
          { numRuns: 300 },
        );
      });

      it(`${kind}: defaulting never removes or changes a value the user wrote`, async () => {
        await fc.assert(
          fc.asyncProperty(specs, readers, async (spec, reader) => {
            const out = await defaulted(policy, object(spec), ctx({ reader }));
            assertKeeps(spec, out.spec);
          }),
          { numRuns: 300 },
        );
      });

      it(`${kind}: validating never throws, and every finding names a cataloged rule`, async () => {
        const ids = new Set(allRules().map((r) => r.id));
        await fc.assert(
          fc.asyncProperty(specs, readers, async (spec, reader) => {
            const defaultedObject = await defaulted(policy, object(spec), ctx({ reader }));
            for (const finding of await findings(policy, defaultedObject, ctx({ reader }))) assert.ok(ids.has(finding.rule), finding.rule);
          }),
          { numRuns: 200 },
        );
      });
    }
  });

  it('catalogs every kubedb rule with what, why and fix', () => {
    const rules = allRules().filter((r) => r.id.startsWith('kubedb/'));
    assert.deepEqual(
      rules.map((r) => `${r.id} (${r.severity})`),
      [
        'kubedb/cluster-too-few-replicas (error)',
        'kubedb/distributed-without-placement-policy (error)',
        'kubedb/durable-storage-required (error)',
        'kubedb/forbidden-env (error)',
        'kubedb/galera-even-replicas (warning)',
        'kubedb/halt-with-ephemeral (error)',
        'kubedb/halted-do-not-terminate (error)',
        'kubedb/immutable-field (error)',
        'kubedb/namespace-not-in-slice (error)',
        'kubedb/placement-cluster-not-in-slice (error)',
        'kubedb/placement-duplicate-replica-index (error)',
        'kubedb/placement-policy-not-found (warning)',
        'kubedb/placement-replica-index-missing (error)',
        'kubedb/placement-replica-index-out-of-range (warning)',
        'kubedb/plaintext-password (error)',
        'kubedb/replicas-below-one (error)',
        'kubedb/slice-bandwidth-guarantee-above-ceiling (error)',
        'kubedb/slice-config-not-found (warning)',
        'kubedb/slice-duplicate-cluster (error)',
        'kubedb/slice-qos-profile-required (error)',
        'kubedb/slice-subnet-invalid (error)',
        'kubedb/slice-too-many-clusters (error)',
        'kubedb/slice-unknown-cluster (error)',
      ],
    );
    for (const rule of rules) {
      for (const field of ['what', 'why', 'fix'] as const) assert.ok(rule[field].length > 20, `${rule.id} ${field}`);
    }
  });
});

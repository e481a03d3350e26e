// Property tests of MariaDB and Connection defaulting over generated specs (MaxScale's are in
// maxscale.test.ts): defaulting twice equals defaulting once, and never changes what the user wrote.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ListClusterReader, OFFLINE_READER, type ClusterReader } from '../../policies/cluster-reader.js';
import { connectionPolicy } from '../../policies/connection/connection-policy.js';
import type { KindPolicy } from '../../policies/kind-policy.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { mariadbPolicy } from '../../policies/mariadb/mariadb-policy.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { assertKeeps } from '../support/assert-keeps.js';
import { harness } from '../support/policy-harness.js';

const secretRef = fc.record(
  { name: fc.constantFrom('s1', 's2'), key: fc.constantFrom('password', 'pw'), generate: fc.boolean() },
  { requiredKeys: ['name', 'key'] },
);

const mariadbSpec = fc.record(
  {
    replicas: fc.integer({ min: 0, max: 6 }),
    port: fc.integer({ min: 1, max: 65535 }),
    rootEmptyPassword: fc.boolean(),
    rootPasswordSecretKeyRef: secretRef,
    username: fc.constantFrom('app', 'bob'),
    passwordSecretKeyRef: secretRef,
    galera: fc.record(
      {
        enabled: fc.boolean(),
        sst: fc.constantFrom('rsync', 'mariabackup', 'mysqldump'),
        replicaThreads: fc.integer({ min: 1, max: 8 }),
        availableWhenDonor: fc.boolean(),
        primary: fc.record({ podIndex: fc.integer({ min: 0, max: 5 }), autoFailover: fc.boolean() }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    replication: fc.record({ enabled: fc.boolean() }, { requiredKeys: [] }),
    maxScale: fc.record({ enabled: fc.boolean(), replicas: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: [] }),
    maxScaleRef: fc.record({ name: fc.constantFrom('mxs', 'mariadb-maxscale') }),
    storage: fc.record(
      { size: fc.constantFrom('1Gi', '500Mi', 10), ephemeral: fc.boolean(), resizeInUseVolumes: fc.boolean(), waitForVolumeResize: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const connectionSpec = fc.record(
  {
    mariaDbRef: fc.record({ name: fc.constantFrom('mariadb', 'missing') }),
    maxScaleRef: fc.record({ name: fc.constantFrom('mxs', 'missing') }),
    username: fc.constantFrom('app'),
    passwordSecretKeyRef: fc.record({ name: fc.constantFrom('app'), key: fc.constantFrom('password') }),
    secretName: fc.constantFrom('conn', 'other'),
    port: fc.integer({ min: 1, max: 65535 }),
    host: fc.constantFrom('db.example', '10.0.0.1'),
    serviceName: fc.constantFrom('mariadb-primary'),
  },
  { requiredKeys: [] },
);

const clusterObjects: KubeObject[] = [
  { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name: 'mariadb', namespace: 'default' }, spec: { port: 3307 } },
  {
    apiVersion: 'enterprise.mariadb.com/v1alpha1',
    kind: 'MaxScale',
    metadata: { name: 'mxs', namespace: 'default' },
    spec: { services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 4006 } }] },
  },
];
const readers = fc.constantFrom<ClusterReader>(new ListClusterReader(clusterObjects), OFFLINE_READER);
const context = (reader: ClusterReader): PolicyContext => ({
  operation: 'CREATE',
  group: 'enterprise.mariadb.com',
  namespace: 'default',
  clusterDomain: 'cluster.local',
  reader,
});

function laws(kind: string, kindPolicy: KindPolicy, specs: fc.Arbitrary<Record<string, unknown>>): void {
  const policy = harness(kindPolicy);
  const object = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'enterprise.mariadb.com/v1alpha1',
    kind,
    metadata: { name: 'mariadb', namespace: 'default' },
    spec: structuredClone(spec),
  });

  it(`${kind}: default(default(x)) equals default(x)`, async () => {
    await fc.assert(
      fc.asyncProperty(specs, readers, async (spec, reader) => {
        const once = (await policy.default(object(spec), context(reader))).object;
        const twice = (await policy.default(once, context(reader))).object;
        assert.deepEqual(twice, once);
      }),
      { numRuns: 300 },
    );
  });

  it(`${kind}: defaulting never removes or changes a value the user wrote`, async () => {
    await fc.assert(
      fc.asyncProperty(specs, readers, async (spec, reader) => {
        const out = (await policy.default(object(spec), context(reader))).object;
        assertKeeps(spec, out.spec);
      }),
      { numRuns: 300 },
    );
  });
}

describe('defaulting laws (property tests)', () => {
  laws('MariaDB', mariadbPolicy, mariadbSpec);
  laws('Connection', connectionPolicy, connectionSpec);
});

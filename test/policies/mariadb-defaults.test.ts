// The MariaDB defaults a user sees (`mdbkit default`, the webhook's patch), per operator release: the same
// values the operator's controller writes into the spec on its first reconcile (MariaDB.SetDefaults), for a
// standalone server, Galera and replication; and every defaulted object still passes mdbkit's own schema and
// rules, and defaults to itself.
import { strict as assert } from 'node:assert';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { createPolicyEngine } from '../../policies/registry.js';

const GROUP = 'k8s.mariadb.com';
const VERSIONS = ['25.10', '26.6'] as const;
const engines = new Map(VERSIONS.map((v) => [v, createPolicyEngine().withOperatorVersions([`${GROUP}=${v}`])]));

function ctx(operation: PolicyContext['operation'] = 'CREATE', oldObject?: KubeObject): PolicyContext {
  return { operation, oldObject, group: GROUP, namespace: 'prod', clusterDomain: 'cluster.local', reader: new ListClusterReader() };
}

function mariadb(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: `${GROUP}/v1alpha1`, kind: 'MariaDB', metadata: { name: 'db', namespace: 'prod' }, spec };
}

async function defaulted(object: KubeObject, version: (typeof VERSIONS)[number]): Promise<Record<string, unknown>> {
  const out = await engines.get(version)!.default(object, ctx());
  return out!.object.spec as Record<string, unknown>;
}

const GENERATED = (name: string) => ({ name, key: 'password', generate: true });

/** What every MariaDB gets, whatever its topology. */
const COMMON = {
  rootEmptyPassword: false,
  rootPasswordSecretKeyRef: GENERATED('db-root'),
  port: 3306,
  tls: { enabled: true },
  updateStrategy: { type: 'ReplicasFirstPrimaryLast', autoUpdateDataPlane: false },
  serviceAccountName: 'db',
};

const STORAGE = {
  size: '1Gi',
  ephemeral: false,
  resizeInUseVolumes: true,
  waitForVolumeResize: true,
  volumeClaimTemplate: { resources: { requests: { storage: '1Gi' } }, accessModes: ['ReadWriteOnce'] },
};

const AGENT = { port: 5555, probePort: 5566, gracefulShutdownTimeout: '1s' };

describe('MariaDB defaults as the operator writes them', () => {
  for (const version of VERSIONS) {
    describe(`operator ${version}`, () => {
      it('a standalone server: root Secret, TLS, Service account, update strategy and its claim', async () => {
        assert.deepEqual(await defaulted(mariadb({ storage: { size: '1Gi' } }), version), { ...COMMON, replicas: 1, storage: STORAGE });
      });

      it('Galera: SST, primary, agent, a 100Mi configuration claim and recovery with its timeouts', async () => {
        const spec = await defaulted(mariadb({ replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true } }), version);
        assert.deepEqual(spec, {
          ...COMMON,
          replicas: 3,
          storage: STORAGE,
          galera: {
            enabled: true,
            sst: 'mariabackup',
            availableWhenDonor: false,
            replicaThreads: 1,
            primary: { podIndex: 0, autoFailover: true },
            agent: AGENT,
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
          },
        });
      });

      it('Galera: no configuration claim when the storage volume is reused, no recovery timeouts when recovery is off', async () => {
        const spec = await defaulted(
          mariadb({ replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true, config: { reuseStorageVolume: true }, recovery: { enabled: false } } }),
          version,
        );
        const galera = spec.galera as Record<string, unknown>;
        assert.deepEqual(galera.config, { reuseStorageVolume: true });
        assert.deepEqual(galera.recovery, { enabled: false });
      });

      it('replication: primary, replica with its generated repl password, GTID and semi-sync settings, agent', async () => {
        const spec = await defaulted(mariadb({ replicas: 3, storage: { size: '1Gi' }, replication: { enabled: true } }), version);
        assert.deepEqual(spec.replication, {
          enabled: true,
          primary: { podIndex: 0, autoFailover: true, autoFailoverDelay: '0s' },
          replica: { replPasswordSecretKeyRef: GENERATED('db-repl-password'), gtid: 'CurrentPos', syncTimeout: '10s' },
          gtidStrictMode: true,
          semiSyncEnabled: true,
          standaloneProbes: false,
          agent: AGENT,
        });
      });

      it("the agent's basic auth, when turned on, gets the operator's user and a generated <name>-agent-auth Secret", async () => {
        const spec = await defaulted(
          mariadb({ replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true, agent: { basicAuth: { enabled: true } } } }),
          version,
        );
        assert.deepEqual((spec.galera as { agent: unknown }).agent, {
          basicAuth: { enabled: true, username: 'mariadb-operator', passwordSecretKeyRef: GENERATED('db-agent-auth') },
          ...AGENT,
        });
      });

      it('metrics: the exporter port, the <name>-metrics user and its generated password Secret', async () => {
        const spec = await defaulted(mariadb({ storage: { size: '1Gi' }, metrics: { enabled: true } }), version);
        assert.deepEqual(spec.metrics, {
          enabled: true,
          exporter: { port: 9104 },
          username: 'db-metrics',
          passwordSecretKeyRef: GENERATED('db-metrics-password'),
        });
        const off = await defaulted(mariadb({ storage: { size: '1Gi' }, metrics: { enabled: false } }), version);
        assert.deepEqual(off.metrics, { enabled: false });
      });

      it('the initial user gets a generated <name>-password Secret; myCnf gets its <name>-config ConfigMap', async () => {
        const spec = await defaulted(mariadb({ storage: { size: '1Gi' }, username: 'app', database: 'app', myCnf: '[mariadb]\n' }), version);
        assert.deepEqual(spec.passwordSecretKeyRef, GENERATED('db-password'));
        assert.deepEqual(spec.myCnfConfigMapKeyRef, { name: 'db-config', key: 'my.cnf' });
      });

      it('anti-affinity turned on spreads the Pods of this MariaDB over nodes', async () => {
        const spec = await defaulted(mariadb({ storage: { size: '1Gi' }, affinity: { antiAffinityEnabled: true } }), version);
        assert.deepEqual(spec.affinity, {
          antiAffinityEnabled: true,
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: ['db'] }] },
                topologyKey: 'kubernetes.io/hostname',
              },
            ],
          },
        });
      });

      it('keeps what the user set: an empty root password, a partial update strategy, TLS turned off, ephemeral storage', async () => {
        const spec = await defaulted(
          mariadb({
            rootEmptyPassword: true,
            updateStrategy: { type: 'OnDelete' },
            tls: { enabled: false },
            storage: { ephemeral: true },
            serviceAccountName: 'sa',
          }),
          version,
        );
        assert.equal(spec.rootPasswordSecretKeyRef, undefined);
        assert.deepEqual(spec.updateStrategy, { type: 'OnDelete' });
        assert.deepEqual(spec.tls, { enabled: false });
        assert.deepEqual(spec.storage, { ephemeral: true });
        assert.equal(spec.serviceAccountName, 'sa');
      });

      it('rebuilds the claim template from spec.storage.size (and its class) when they differ, as the operator does', async () => {
        const grown = await defaulted(
          mariadb({
            storage: {
              size: '2Gi',
              storageClassName: 'fast',
              volumeClaimTemplate: { resources: { requests: { storage: '1Gi' } }, accessModes: ['ReadWriteMany'] },
            },
          }),
          version,
        );
        assert.deepEqual((grown.storage as Record<string, unknown>).volumeClaimTemplate, {
          resources: { requests: { storage: '2Gi' } },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'fast',
        });
        // A size below the template's request is refused by the operator's webhook: left for the rules to report.
        const smaller = { resources: { requests: { storage: '2Gi' } } };
        const below = await defaulted(mariadb({ storage: { size: '1Gi', volumeClaimTemplate: smaller } }), version);
        assert.deepEqual((below.storage as Record<string, unknown>).volumeClaimTemplate, smaller);
        // The same size in other units is no difference: the template stays as written.
        const template = { resources: { requests: { storage: '1024Mi' } }, accessModes: ['ReadWriteMany'] };
        const same = await defaulted(mariadb({ storage: { size: '1Gi', volumeClaimTemplate: template } }), version);
        assert.deepEqual((same.storage as Record<string, unknown>).volumeClaimTemplate, template);
      });

      it('infers the content type of a bootstrap backup: Physical for a PhysicalBackup or a VolumeSnapshot, else Logical', async () => {
        const from = async (bootstrapFrom: Record<string, unknown>) =>
          (await defaulted(mariadb({ storage: { size: '1Gi' }, bootstrapFrom }), version)).bootstrapFrom as Record<string, unknown>;
        assert.equal((await from({ backupRef: { name: 'b', kind: 'PhysicalBackup' } })).backupContentType, 'Physical');
        assert.equal((await from({ backupRef: { name: 'b' } })).backupContentType, 'Logical');
        assert.equal((await from({ volumeSnapshotRef: { name: 's' } })).backupContentType, 'Physical');
      });
    });
  }

  it('a physical backup from S3 is staged in an emptyDir, or in the staging claim whose name changed in 26.6', async () => {
    const s3 = { bucket: 'b', endpoint: 's3.example', region: 'eu', prefix: 'p' };
    const from = async (version: (typeof VERSIONS)[number], extra: Record<string, unknown> = {}) =>
      (await defaulted(mariadb({ storage: { size: '1Gi' }, bootstrapFrom: { backupContentType: 'Physical', s3, ...extra } }), version)).bootstrapFrom as Record<
        string,
        unknown
      >;
    assert.deepEqual((await from('26.6')).volume, { emptyDir: {} });
    const claim = { stagingStorage: { persistentVolumeClaim: { resources: { requests: { storage: '1Gi' } } } } };
    assert.deepEqual((await from('26.6', claim)).volume, { persistentVolumeClaim: { claimName: 'db-bootstrap-staging' } });
    assert.deepEqual((await from('25.10', claim)).volume, { persistentVolumeClaim: { claimName: 'db-physicalbackup-staging' } });
  });

  it('26.6: a point-in-time recovery is staged like a physical backup; its content type is left to the operator', async () => {
    const spec = await defaulted(mariadb({ storage: { size: '1Gi' }, bootstrapFrom: { pointInTimeRecoveryRef: { name: 'pitr' } } }), '26.6');
    assert.deepEqual(spec.bootstrapFrom, { pointInTimeRecoveryRef: { name: 'pitr' }, volume: { emptyDir: {} } });
  });

  it('25.10 points maxScaleRef at the embedded MaxScale, in the MariaDB namespace; 26.6 has no embedded MaxScale', async () => {
    const spec = await defaulted(mariadb({ replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true }, maxScale: { enabled: true } }), '25.10');
    assert.deepEqual(spec.maxScaleRef, { name: 'db-maxscale', namespace: 'prod' });
  });

  describe('laws: every variant, at both releases', () => {
    const variants: Array<[string, KubeObject]> = [
      ['standalone', mariadb({ storage: { size: '1Gi' } })],
      [
        'galera',
        mariadb({ replicas: 3, storage: { size: '1Gi', storageClassName: 'fast' }, galera: { enabled: true, agent: { basicAuth: { enabled: true } } } }),
      ],
      ['replication', mariadb({ replicas: 3, storage: { size: '1Gi' }, replication: { enabled: true }, metrics: { enabled: true } })],
      ['initial user', mariadb({ storage: { size: '1Gi' }, username: 'app', database: 'app', myCnf: '[mariadb]\n', affinity: { antiAffinityEnabled: true } })],
      ['bootstrap', mariadb({ storage: { size: '1Gi' }, bootstrapFrom: { backupRef: { name: 'b', kind: 'PhysicalBackup' } } })],
      ['ephemeral', mariadb({ storage: { ephemeral: true }, rootEmptyPassword: true })],
    ];
    for (const version of VERSIONS) {
      const engine = engines.get(version)!;
      for (const [label, input] of variants) {
        it(`${version} ${label}: defaulting twice equals once, and the result has no error (schema or rule)`, async () => {
          const once = (await engine.default(input, ctx()))!.object;
          assert.deepEqual((await engine.default(once, ctx()))!.object, once);
          const judgement = await engine.validate(once, ctx());
          assert.deepEqual(
            judgement!.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.path}: ${f.message}`),
            [],
          );
        });

        it(`${version} ${label}: an UPDATE of the defaulted object with its own defaults is accepted`, async () => {
          const stored = (await engine.default(input, ctx()))!.object;
          const again = (await engine.default(input, ctx('UPDATE', stored)))!.object;
          const judgement = await engine.validate(again, ctx('UPDATE', stored));
          assert.deepEqual(
            judgement!.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}@${f.path}`),
            [],
          );
        });
      }
    }
  });
});

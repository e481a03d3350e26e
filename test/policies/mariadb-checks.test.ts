// The MariaDB checks of the mariadb-operator's webhook as a user meets them through mdbkit: the enum checks the
// schema already makes, what differs between operator versions, one finding per mistake, what the operator
// explicitly allows (and mdbkit must too), and messages that name the field and the fix. Which rule fires on
// which object is in test/rule-cases/mariadb-checks.cases.ts.
import { strict as assert } from 'node:assert';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import type { FieldError } from '../../policies/field-error.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { mariadbPolicy } from '../../policies/mariadb/mariadb-policy.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { createPolicyEngine } from '../../policies/registry.js';

const engine = createPolicyEngine();
const engines = new Map<string, ReturnType<typeof engine.withOperatorVersions>>();

function ctx(): PolicyContext {
  return { operation: 'CREATE', group: 'k8s.mariadb.com', namespace: 'default', clusterDomain: 'cluster.local', reader: new ListClusterReader() };
}

function mariadb(spec: Record<string, unknown>, name = 'db'): KubeObject {
  return { apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name }, spec: { storage: { size: '1Gi' }, ...spec } };
}

function galera(galeraSpec: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return mariadb({ replicas: 3, galera: { enabled: true, ...galeraSpec }, ...spec });
}

/** Every finding (schema ones included) of the object, defaulted and judged as the webhook does, at an operator version. */
async function findings(object: KubeObject, version = '26.6'): Promise<FieldError[]> {
  const judged = engines.get(version) ?? engine.withOperatorVersions([version]);
  engines.set(version, judged);
  const defaulted = await judged.default(object, ctx());
  assert.ok(defaulted);
  return (await judged.validate(defaulted.object, ctx(), { defaultWarnings: defaulted.warnings }))!.findings;
}

async function hits(object: KubeObject, version?: string): Promise<string[]> {
  return (await findings(object, version)).map((f) => `${f.rule}@${f.path}`);
}

describe('MariaDB checks of the operator webhook', () => {
  describe("the values the operator checks against a closed set are the schema's findings", () => {
    const enums: Array<[string, KubeObject, string]> = [
      ['galera.sst', galera({ sst: 'xtrabackup' }), 'spec.galera.sst'],
      [
        'replication.semiSyncWaitPoint',
        mariadb({ replicas: 3, replication: { enabled: true, semiSyncWaitPoint: 'Never' } }),
        'spec.replication.semiSyncWaitPoint',
      ],
      [
        'replication.replica.gtid',
        mariadb({ replicas: 3, replication: { enabled: true, replica: { gtid: 'SlavePosition' } } }),
        'spec.replication.replica.gtid',
      ],
      [
        'bootstrapFrom.backupContentType',
        mariadb({ bootstrapFrom: { backupRef: { name: 'b' }, backupContentType: 'Dump' } }),
        'spec.bootstrapFrom.backupContentType',
      ],
    ];
    for (const [field, object, path] of enums) {
      it(`${field}: one schema/enum finding, for both operator versions`, async () => {
        for (const version of ['25.10', '26.6']) assert.deepEqual(await hits(object, version), [`schema/enum@${path}`], version);
      });
    }
  });

  describe('operator versions', () => {
    it('25.10 has no pointInTimeRecoveryRef: the schema names the field, no bootstrap rule judges it', async () => {
      const object = mariadb({ bootstrapFrom: { pointInTimeRecoveryRef: { name: 'pitr' }, backupRef: { name: 'b' } } });
      assert.deepEqual(await hits(object, '25.10'), ['schema/not-in-operator-version@spec.bootstrapFrom.pointInTimeRecoveryRef']);
      assert.deepEqual(await hits(object, '26.6'), ['mariadb/bootstrap-from-pitr-exclusive@spec.bootstrapFrom.backupRef']);
    });

    it('25.10 has no multi-cluster topology: only the schema speaks about spec.multiCluster', async () => {
      const object = mariadb({ multiCluster: { enabled: true } });
      assert.deepEqual(await hits(object, '25.10'), ['schema/not-in-operator-version@spec.multiCluster']);
      assert.deepEqual((await hits(object, '26.6')).sort(), [
        'mariadb/multi-cluster-not-member@spec.multiCluster.members',
        'mariadb/multi-cluster-primary-required@spec.multiCluster.primary',
        'mariadb/multi-cluster-without-ha@spec.multiCluster.enabled',
      ]);
    });

    it('a bootstrapFrom with only an S3 source is fine for both versions', async () => {
      const object = mariadb({ bootstrapFrom: { s3: { bucket: 'backups', endpoint: 's3.example.com' }, backupContentType: 'Physical' } });
      for (const version of ['25.10', '26.6']) assert.deepEqual(await hits(object, version), [], version);
    });
  });

  describe('one mistake, one finding', () => {
    it('a zero size beside a claim template is reported as zero, not as below the template', async () => {
      const object = mariadb({
        storage: { size: '0', volumeClaimTemplate: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      });
      assert.deepEqual(await hits(object), ['mariadb/storage-size-zero@spec.storage.size']);
    });

    it('an ephemeral storage with a zero size is reported as ephemeral with a size only', async () => {
      const object = { ...mariadb({}), spec: { storage: { ephemeral: true, size: '0' } } };
      assert.deepEqual(await hits(object), ['mariadb/ephemeral-storage-with-size@spec.storage.size']);
    });

    it('an empty multi-cluster primary is reported as missing, not as a non-member', async () => {
      const object = mariadb({ replicas: 3, replication: { enabled: true }, multiCluster: { enabled: true, primary: '', members: [{ name: 'db' }] } });
      assert.deepEqual(await hits(object), ['mariadb/multi-cluster-primary-required@spec.multiCluster.primary']);
    });

    it('a Backup of an unsupported kind is reported for its kind, not for its content type', async () => {
      const object = mariadb({ bootstrapFrom: { backupRef: { name: 'b', kind: 'Snapshot' }, backupContentType: 'Logical' } });
      assert.deepEqual(await hits(object), ['mariadb/bootstrap-from-backup-kind-unsupported@spec.bootstrapFrom.backupRef.kind']);
    });
  });

  describe('what the operator explicitly allows', () => {
    it('an even Galera count, 2 included, with replicasAllowEvenNumber: true', async () => {
      for (const replicas of [2, 4, 6]) assert.deepEqual(await hits(galera({}, { replicas, replicasAllowEvenNumber: true })), [], `${replicas} replicas`);
    });

    it('galera.replicaThreads: 0', async () => {
      assert.deepEqual(await hits(galera({ replicaThreads: 0 })), []);
    });

    it('TLS certificate settings that contradict each other while TLS is disabled', async () => {
      const tls = { enabled: false, serverCertSecretRef: { name: 'server' }, serverCertIssuerRef: { name: 'issuer' } };
      assert.deepEqual(await hits(mariadb({ tls })), []);
      assert.deepEqual(await hits(mariadb({ tls: { ...tls, enabled: true } })), [
        'mariadb/tls-cert-and-issuer@spec.tls.serverCertIssuerRef',
        'mariadb/tls-cert-without-ca@spec.tls.serverCASecretRef',
      ]);
    });

    it('Galera settings the operator ignores while Galera is disabled', async () => {
      const off = { enabled: false, replicaThreads: -1, providerOptions: { 'ist.recv_addr': 'x' }, recovery: { enabled: true, minClusterSize: 9 } };
      assert.deepEqual(await hits(mariadb({ galera: off })), []);
    });

    it('a full Galera cluster with every checked setting right', async () => {
      const object = galera(
        {
          replicaThreads: 4,
          providerOptions: { 'gcs.fc_limit': '64' },
          agent: { kubernetesAuth: { enabled: true } },
          recovery: { enabled: true, minClusterSize: '50%', forceClusterBootstrapInPod: 'db-0' },
        },
        {
          podDisruptionBudget: { maxUnavailable: 1 },
          tls: { enabled: true, serverCASecretRef: { name: 'ca' }, serverCertSecretRef: { name: 'server' }, clientCertIssuerRef: { name: 'issuer' } },
          bootstrapFrom: { backupRef: { name: 'pb', kind: 'PhysicalBackup' }, backupContentType: 'Physical' },
          storage: { size: '10Gi', volumeClaimTemplate: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } },
        },
      );
      assert.deepEqual(await hits(object), []);
    });
  });

  describe('messages', () => {
    const wrong: KubeObject[] = [
      galera({ replicaThreads: -2, providerOptions: { 'ist.recv_addr': 'x' }, agent: { kubernetesAuth: { enabled: true }, basicAuth: { enabled: true } } }),
      galera({ recovery: { enabled: true, minClusterSize: 7, forceClusterBootstrapInPod: 'db-7' } }),
      galera({ recovery: { enabled: true, minClusterSize: 'most' } }),
      mariadb({ replicas: 2, replication: { enabled: true, replica: { recovery: { enabled: true } } } }),
      mariadb({ bootstrapFrom: { volumeSnapshotRef: { name: 's' }, volume: { emptyDir: {} }, backupContentType: 'Logical' } }),
      mariadb({ bootstrapFrom: {} }),
      mariadb({ storage: { size: '1Gi', volumeClaimTemplate: { resources: { requests: { storage: '5Gi' } } } } }),
      mariadb({ replicas: 3, galera: { enabled: true }, multiCluster: { enabled: true, primary: 'far', members: [{ name: 'db' }] } }),
    ];

    it('name the field they are about and say what to do', async () => {
      let seen = 0;
      for (const object of wrong) {
        for (const finding of await findings(object)) {
          if (!finding.rule.startsWith('mariadb/')) continue;
          seen++;
          const field = finding.path.replace(/\[.*\]$/, '');
          assert.ok(finding.message.includes(field), `${finding.rule}: ${finding.message} does not name ${field}`);
          assert.match(finding.message, /^(Invalid value|Required value|Forbidden|Unsupported value): /, finding.rule);
          assert.match(finding.message, /: (set|remove|name|add|write|keep|enable)\b|supported values/i, `${finding.rule}: no fix in ${finding.message}`);
        }
      }
      assert.ok(seen >= 12, `only ${seen} findings`);
    });

    it('say the value and the bound it breaks', async () => {
      const [range] = (await findings(galera({ recovery: { enabled: true, minClusterSize: 4 } }))).filter(
        (f) => f.rule === 'mariadb/galera-min-cluster-size-out-of-range',
      );
      assert.equal(
        range?.message,
        'Invalid value: 4: spec.galera.recovery.minClusterSize is above spec.replicas (3): set it between 0 and 3; 1 is recommended',
      );
      const [pod] = (await findings(galera({ recovery: { enabled: true, forceClusterBootstrapInPod: 'db-5' } }))).filter(
        (f) => f.rule === 'mariadb/galera-force-bootstrap-pod-unknown',
      );
      assert.match(pod?.message ?? '', /^Invalid value: "db-5": .*index 5 is out of range for spec\.replicas 3 .*name one of db-0 to db-2/);
    });

    it('each rule of the MariaDB policy has catalog text', () => {
      for (const rule of mariadbPolicy.rules) assert.ok(rule.what && rule.why && rule.fix, rule.id);
    });
  });
});

// Cases of the checks the mariadb-operator's MariaDB webhook makes, as mdbkit rules (policies/mariadb/): the
// Galera, replication, bootstrap, storage, PDB, TLS and multi-cluster rules, and the topology, quorum, storage
// and root password rules they sit beside. Each fires on what the operator refuses and stays silent on what it
// explicitly allows.
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

function mariadb(spec: Record<string, unknown>, name = 'db'): KubeObject {
  return { apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name }, spec: { storage: { size: '1Gi' }, ...spec } };
}

function galera(galeraSpec: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return mariadb({ replicas: 3, galera: { enabled: true, ...galeraSpec }, ...spec });
}

function replication(replicationSpec: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): KubeObject {
  return mariadb({ replicas: 3, replication: { enabled: true, ...replicationSpec }, ...spec });
}

function bootstrap(from: Record<string, unknown>): KubeObject {
  return mariadb({ bootstrapFrom: from });
}

function storage(storageSpec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name: 'db' }, spec: { storage: storageSpec } };
}

function multiCluster(mc: Record<string, unknown>, spec: Record<string, unknown> = { replicas: 3, replication: { enabled: true } }, name = 'db'): KubeObject {
  return mariadb({ ...spec, multiCluster: { enabled: true, ...mc } }, name);
}

const MEMBERS = [
  { name: 'db', externalMariaDbRef: { name: 'db-east' } },
  { name: 'db-west', externalMariaDbRef: { name: 'db-west' } },
];
const VCT = (storageRequest: string) => ({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: storageRequest } } });

export const cases: RuleCase[] = [
  // Topology (mariadb-topology-rules.ts).
  { rule: 'mariadb/replicas-without-ha', name: '3 replicas, no HA method', object: mariadb({ replicas: 3 }), fires: true, path: 'spec.replicas' },
  { rule: 'mariadb/replicas-without-ha', name: '3 replicas with replication', object: replication(), fires: false },
  { rule: 'mariadb/replicas-without-ha', name: 'replicas left to the default', object: mariadb({}), fires: false },
  { rule: 'mariadb/ha-single-replica', name: 'Galera with 1 replica', object: galera({}, { replicas: 1 }), fires: true, path: 'spec.replicas' },
  {
    rule: 'mariadb/ha-single-replica',
    name: 'replication with replicas left to the default (1)',
    object: mariadb({ replication: { enabled: true } }),
    fires: true,
    path: 'spec.replicas',
  },
  { rule: 'mariadb/ha-single-replica', name: 'replication with 2 replicas', object: replication({}, { replicas: 2 }), fires: false },
  {
    rule: 'mariadb/primary-pod-index-out-of-range',
    name: 'Galera primary podIndex 3 of 3 replicas',
    object: galera({ primary: { podIndex: 3 } }),
    fires: true,
    path: 'spec.galera.primary.podIndex',
  },
  {
    rule: 'mariadb/primary-pod-index-out-of-range',
    name: 'replication primary podIndex -1',
    object: replication({ primary: { podIndex: -1 } }),
    fires: true,
    path: 'spec.replication.primary.podIndex',
  },
  {
    rule: 'mariadb/primary-pod-index-out-of-range',
    name: 'replication primary podIndex 2 of 3 replicas',
    object: replication({ primary: { podIndex: 2 } }),
    fires: false,
  },
  {
    rule: 'mariadb/primary-pod-index-out-of-range',
    name: 'podIndex out of range while Galera is disabled',
    object: mariadb({ galera: { enabled: false, primary: { podIndex: 5 } } }),
    fires: false,
  },

  // Quorum (mariadb-galera-quorum-rules.ts): the operator's CRD refuses an even count unless replicasAllowEvenNumber.
  { rule: 'mariadb/galera-two-replicas', name: 'Galera with 2 replicas', object: galera({}, { replicas: 2 }), fires: true, path: 'spec.replicas' },
  {
    rule: 'mariadb/galera-two-replicas',
    name: 'Galera with 2 replicas and replicasAllowEvenNumber',
    object: galera({}, { replicas: 2, replicasAllowEvenNumber: true }),
    fires: false,
  },
  { rule: 'mariadb/galera-two-replicas', name: 'Galera with 3 replicas', object: galera(), fires: false },
  { rule: 'mariadb/galera-even-replicas', name: 'Galera with 4 replicas', object: galera({}, { replicas: 4 }), fires: true, path: 'spec.replicas' },
  {
    rule: 'mariadb/galera-even-replicas',
    name: 'Galera with 6 replicas and replicasAllowEvenNumber',
    object: galera({}, { replicas: 6, replicasAllowEvenNumber: true }),
    fires: false,
  },
  { rule: 'mariadb/galera-even-replicas', name: 'Galera with 5 replicas', object: galera({}, { replicas: 5 }), fires: false },

  // Galera (mariadb-galera-rules.ts).
  {
    rule: 'mariadb/galera-replica-threads-negative',
    name: 'replicaThreads -1',
    object: galera({ replicaThreads: -1 }),
    fires: true,
    path: 'spec.galera.replicaThreads',
  },
  {
    rule: 'mariadb/galera-replica-threads-negative',
    name: 'replicaThreads 0, which the operator accepts',
    object: galera({ replicaThreads: 0 }),
    fires: false,
  },
  { rule: 'mariadb/galera-replica-threads-negative', name: 'replicaThreads 4', object: galera({ replicaThreads: 4 }), fires: false },
  {
    rule: 'mariadb/galera-provider-options-ist-recv-addr',
    name: 'providerOptions sets ist.recv_addr',
    object: galera({ providerOptions: { 'gcs.fc_limit': '64', 'ist.recv_addr': '0.0.0.0:4568' } }),
    fires: true,
    path: 'spec.galera.providerOptions[ist.recv_addr]',
  },
  {
    rule: 'mariadb/galera-provider-options-ist-recv-addr',
    name: 'other provider options',
    object: galera({ providerOptions: { 'gcs.fc_limit': '64' } }),
    fires: false,
  },
  {
    rule: 'mariadb/galera-agent-two-auth-methods',
    name: 'agent with kubernetesAuth and basicAuth both enabled',
    object: galera({ agent: { kubernetesAuth: { enabled: true }, basicAuth: { enabled: true } } }),
    fires: true,
    path: 'spec.galera.agent.basicAuth.enabled',
  },
  {
    rule: 'mariadb/galera-agent-two-auth-methods',
    name: 'agent with kubernetesAuth, basicAuth written out as disabled',
    object: galera({ agent: { kubernetesAuth: { enabled: true }, basicAuth: { enabled: false } } }),
    fires: false,
  },
  {
    rule: 'mariadb/galera-min-cluster-size-not-percentage',
    name: 'minClusterSize "2" (a quoted number)',
    object: galera({ recovery: { enabled: true, minClusterSize: '2' } }),
    fires: true,
    path: 'spec.galera.recovery.minClusterSize',
  },
  {
    rule: 'mariadb/galera-min-cluster-size-not-percentage',
    name: 'minClusterSize "50%"',
    object: galera({ recovery: { enabled: true, minClusterSize: '50%' } }),
    fires: false,
  },
  {
    rule: 'mariadb/galera-min-cluster-size-not-percentage',
    name: 'minClusterSize "half" with recovery disabled (the operator does not look)',
    object: galera({ recovery: { enabled: false, minClusterSize: 'half' } }),
    fires: false,
  },
  {
    rule: 'mariadb/galera-min-cluster-size-out-of-range',
    name: 'minClusterSize 4 for 3 replicas',
    object: galera({ recovery: { enabled: true, minClusterSize: 4 } }),
    fires: true,
    path: 'spec.galera.recovery.minClusterSize',
  },
  {
    rule: 'mariadb/galera-min-cluster-size-out-of-range',
    name: 'minClusterSize -1',
    object: galera({ recovery: { enabled: true, minClusterSize: -1 } }),
    fires: true,
  },
  {
    rule: 'mariadb/galera-min-cluster-size-out-of-range',
    name: 'minClusterSize 3 for 3 replicas',
    object: galera({ recovery: { enabled: true, minClusterSize: 3 } }),
    fires: false,
  },
  {
    rule: 'mariadb/galera-min-cluster-size-out-of-range',
    name: 'minClusterSize "200%" (a percentage is not bounded)',
    object: galera({ recovery: { enabled: true, minClusterSize: '200%' } }),
    fires: false,
  },
  {
    rule: 'mariadb/galera-force-bootstrap-pod-unknown',
    name: 'force bootstrap in db-3 of 3 replicas',
    object: galera({ recovery: { enabled: true, forceClusterBootstrapInPod: 'db-3' } }),
    fires: true,
    path: 'spec.galera.recovery.forceClusterBootstrapInPod',
  },
  {
    rule: 'mariadb/galera-force-bootstrap-pod-unknown',
    name: "force bootstrap in another MariaDB's pod",
    object: galera({ recovery: { enabled: true, forceClusterBootstrapInPod: 'other-0' } }),
    fires: true,
  },
  {
    rule: 'mariadb/galera-force-bootstrap-pod-unknown',
    name: 'force bootstrap in a name without an index',
    object: galera({ recovery: { enabled: true, forceClusterBootstrapInPod: 'db' } }),
    fires: true,
  },
  {
    rule: 'mariadb/galera-force-bootstrap-pod-unknown',
    name: 'force bootstrap in db-2',
    object: galera({ recovery: { enabled: true, forceClusterBootstrapInPod: 'db-2' } }),
    fires: false,
  },

  // Replication (mariadb-replication-rules.ts).
  {
    rule: 'mariadb/replica-recovery-without-bootstrap-from',
    name: 'replica recovery without bootstrapFrom',
    object: replication({ replica: { recovery: { enabled: true } } }),
    fires: true,
    path: 'spec.replication.replica.bootstrapFrom',
  },
  {
    rule: 'mariadb/replica-recovery-without-bootstrap-from',
    name: 'replica recovery with a PhysicalBackup template',
    object: replication({ replica: { recovery: { enabled: true }, bootstrapFrom: { physicalBackupTemplateRef: { name: 'physicalbackup-tpl' } } } }),
    fires: false,
  },
  {
    rule: 'mariadb/replica-recovery-without-bootstrap-from',
    name: 'replica recovery disabled',
    object: replication({ replica: { recovery: { enabled: false } } }),
    fires: false,
  },

  // Bootstrap (mariadb-bootstrap-rules.ts).
  {
    rule: 'mariadb/bootstrap-from-no-source',
    name: 'bootstrapFrom with only a target time',
    object: bootstrap({ targetRecoveryTime: '2025-01-01T00:00:00Z' }),
    fires: true,
    path: 'spec.bootstrapFrom',
  },
  { rule: 'mariadb/bootstrap-from-no-source', name: 'bootstrapFrom a Backup', object: bootstrap({ backupRef: { name: 'backup' } }), fires: false },
  {
    rule: 'mariadb/bootstrap-from-no-source',
    name: 'bootstrapFrom a PointInTimeRecovery (26.6)',
    object: bootstrap({ pointInTimeRecoveryRef: { name: 'pitr' } }),
    fires: false,
  },
  {
    rule: 'mariadb/bootstrap-from-no-source',
    name: 'bootstrapFrom only azureBlob at 25.10, which has no such source',
    object: bootstrap({ azureBlob: { containerName: 'backups' } }),
    operatorVersions: ['25.10'],
    fires: true,
    path: 'spec.bootstrapFrom',
  },
  {
    rule: 'mariadb/bootstrap-from-no-source',
    name: 'bootstrapFrom s3 at 25.10',
    object: bootstrap({ s3: { bucket: 'backups', endpoint: 's3.example.com' } }),
    operatorVersions: ['25.10'],
    fires: false,
  },
  {
    rule: 'mariadb/bootstrap-from-backup-kind-unsupported',
    name: 'backupRef kind VolumeSnapshot',
    object: bootstrap({ backupRef: { name: 'snap', kind: 'VolumeSnapshot' } }),
    fires: true,
    path: 'spec.bootstrapFrom.backupRef.kind',
  },
  {
    rule: 'mariadb/bootstrap-from-backup-kind-unsupported',
    name: 'backupRef kind PhysicalBackup',
    object: bootstrap({ backupRef: { name: 'pb', kind: 'PhysicalBackup' } }),
    fires: false,
  },
  {
    rule: 'mariadb/bootstrap-from-content-type-mismatch',
    name: 'a Backup read as Physical',
    object: bootstrap({ backupRef: { name: 'backup' }, backupContentType: 'Physical' }),
    fires: true,
    path: 'spec.bootstrapFrom.backupContentType',
  },
  {
    rule: 'mariadb/bootstrap-from-content-type-mismatch',
    name: 'a PhysicalBackup read as Logical',
    object: bootstrap({ backupRef: { name: 'pb', kind: 'PhysicalBackup' }, backupContentType: 'Logical' }),
    fires: true,
    path: 'spec.bootstrapFrom.backupContentType',
  },
  {
    rule: 'mariadb/bootstrap-from-content-type-mismatch',
    name: 'a VolumeSnapshot read as Logical',
    object: bootstrap({ volumeSnapshotRef: { name: 'snap' }, backupContentType: 'Logical' }),
    operatorVersions: ['25.10'],
    fires: true,
    path: 'spec.bootstrapFrom.backupContentType',
  },
  {
    rule: 'mariadb/bootstrap-from-content-type-mismatch',
    name: 'a PhysicalBackup read as Physical',
    object: bootstrap({ backupRef: { name: 'pb', kind: 'PhysicalBackup' }, backupContentType: 'Physical' }),
    fires: false,
  },
  {
    rule: 'mariadb/bootstrap-from-content-type-mismatch',
    name: 's3 read as Physical',
    object: bootstrap({ s3: { bucket: 'backups', endpoint: 's3.example.com' }, backupContentType: 'Physical' }),
    fires: false,
  },
  {
    rule: 'mariadb/bootstrap-from-volume-snapshot-exclusive',
    name: 'volumeSnapshotRef with a restoreJob',
    object: bootstrap({ volumeSnapshotRef: { name: 'snap' }, restoreJob: { args: ['--verbose'] } }),
    fires: true,
    path: 'spec.bootstrapFrom.restoreJob',
  },
  {
    rule: 'mariadb/bootstrap-from-volume-snapshot-exclusive',
    name: 'volumeSnapshotRef alone',
    object: bootstrap({ volumeSnapshotRef: { name: 'snap' } }),
    fires: false,
  },
  {
    rule: 'mariadb/bootstrap-from-pitr-exclusive',
    name: 'pointInTimeRecoveryRef with a backupRef',
    object: bootstrap({ pointInTimeRecoveryRef: { name: 'pitr' }, backupRef: { name: 'backup' } }),
    fires: true,
    path: 'spec.bootstrapFrom.backupRef',
  },
  {
    rule: 'mariadb/bootstrap-from-pitr-exclusive',
    name: 'pointInTimeRecoveryRef alone',
    object: bootstrap({ pointInTimeRecoveryRef: { name: 'pitr' } }),
    fires: false,
  },

  // PodDisruptionBudget (policies/pdb-rule.ts).
  {
    rule: 'mariadb/pdb-one-of',
    name: 'PDB with both minAvailable and maxUnavailable',
    object: galera({}, { podDisruptionBudget: { minAvailable: 2, maxUnavailable: 1 } }),
    fires: true,
    path: 'spec.podDisruptionBudget',
  },
  { rule: 'mariadb/pdb-one-of', name: 'PDB with neither', object: galera({}, { podDisruptionBudget: {} }), fires: true, path: 'spec.podDisruptionBudget' },
  { rule: 'mariadb/pdb-one-of', name: 'PDB with maxUnavailable "33%"', object: galera({}, { podDisruptionBudget: { maxUnavailable: '33%' } }), fires: false },

  // Storage (mariadb-storage-rules.ts).
  {
    rule: 'mariadb/ephemeral-storage-ha',
    name: 'ephemeral storage with Galera',
    object: galera({}, { storage: { ephemeral: true } }),
    fires: true,
    path: 'spec.storage.ephemeral',
  },
  { rule: 'mariadb/ephemeral-storage-ha', name: 'ephemeral storage for a single server', object: storage({ ephemeral: true }), fires: false },
  {
    rule: 'mariadb/storage-size-required',
    name: 'storage without size or claim template',
    object: storage({ storageClassName: 'fast' }),
    fires: true,
    path: 'spec.storage.size',
  },
  { rule: 'mariadb/storage-size-required', name: 'storage from a claim template', object: storage({ volumeClaimTemplate: VCT('2Gi') }), fires: false },
  {
    rule: 'mariadb/ephemeral-storage-with-size',
    name: 'ephemeral storage with a size',
    object: storage({ ephemeral: true, size: '1Gi' }),
    fires: true,
    path: 'spec.storage.size',
  },
  {
    rule: 'mariadb/ephemeral-storage-with-size',
    name: 'ephemeral storage with a claim template',
    object: storage({ ephemeral: true, volumeClaimTemplate: VCT('1Gi') }),
    fires: true,
    path: 'spec.storage.volumeClaimTemplate',
  },
  {
    rule: 'mariadb/ephemeral-storage-with-size',
    name: 'a size written beside ephemeral: false',
    object: storage({ ephemeral: false, size: '1Gi' }),
    fires: false,
  },
  { rule: 'mariadb/storage-size-zero', name: 'size "0Gi"', object: storage({ size: '0Gi' }), fires: true, path: 'spec.storage.size' },
  { rule: 'mariadb/storage-size-zero', name: 'size 0', object: storage({ size: 0 }), fires: true, path: 'spec.storage.size' },
  { rule: 'mariadb/storage-size-zero', name: 'size "100Mi"', object: storage({ size: '100Mi' }), fires: false },
  { rule: 'mariadb/storage-size-zero', name: 'size "0.5Gi"', object: storage({ size: '0.5Gi' }), fires: false },
  {
    rule: 'mariadb/storage-size-below-claim-template',
    name: 'size 1Gi below a claim template of 2Gi',
    object: storage({ size: '1Gi', volumeClaimTemplate: VCT('2Gi') }),
    fires: true,
    path: 'spec.storage.size',
  },
  {
    rule: 'mariadb/storage-size-below-claim-template',
    name: 'size 2048Mi equal to a claim template of 2Gi',
    object: storage({ size: '2048Mi', volumeClaimTemplate: VCT('2Gi') }),
    fires: false,
  },
  {
    rule: 'mariadb/storage-size-below-claim-template',
    name: 'size 4Gi above a claim template of 2Gi',
    object: storage({ size: '4Gi', volumeClaimTemplate: VCT('2Gi') }),
    fires: false,
  },

  // Root password (mariadb-credential-rules.ts).
  {
    rule: 'mariadb/root-empty-password-with-secret',
    name: 'rootEmptyPassword with a root password Secret',
    object: mariadb({ rootEmptyPassword: true, rootPasswordSecretKeyRef: { name: 'root', key: 'password' } }),
    fires: true,
    path: 'spec.rootEmptyPassword',
  },
  { rule: 'mariadb/root-empty-password-with-secret', name: 'rootEmptyPassword alone', object: mariadb({ rootEmptyPassword: true }), fires: false },
  {
    rule: 'mariadb/root-empty-password-with-secret',
    name: 'rootEmptyPassword with an empty reference, which the operator reads as none',
    object: mariadb({ rootEmptyPassword: true, rootPasswordSecretKeyRef: {} }),
    fires: false,
  },

  // TLS (policies/tls-certificate-rules.ts), judged only while TLS is enabled, as the operator does.
  {
    rule: 'mariadb/tls-cert-and-issuer',
    name: 'server certificate from a Secret and an issuer',
    object: mariadb({
      tls: { enabled: true, serverCASecretRef: { name: 'ca' }, serverCertSecretRef: { name: 'server' }, serverCertIssuerRef: { name: 'issuer' } },
    }),
    fires: true,
    path: 'spec.tls.serverCertIssuerRef',
  },
  {
    rule: 'mariadb/tls-cert-and-issuer',
    name: 'both sources while TLS is disabled (the operator does not look)',
    object: mariadb({
      tls: { enabled: false, clientCASecretRef: { name: 'ca' }, clientCertSecretRef: { name: 'client' }, clientCertIssuerRef: { name: 'issuer' } },
    }),
    fires: false,
  },
  {
    rule: 'mariadb/tls-cert-and-issuer',
    name: 'client certificate from an issuer',
    object: mariadb({ tls: { enabled: true, clientCertIssuerRef: { name: 'issuer' } } }),
    fires: false,
  },
  {
    rule: 'mariadb/tls-cert-without-ca',
    name: 'client certificate Secret without its CA',
    object: mariadb({ tls: { enabled: true, clientCertSecretRef: { name: 'client' } } }),
    fires: true,
    path: 'spec.tls.clientCASecretRef',
  },
  {
    rule: 'mariadb/tls-cert-without-ca',
    name: 'server certificate Secret with its CA',
    object: mariadb({ tls: { enabled: true, serverCASecretRef: { name: 'ca' }, serverCertSecretRef: { name: 'server' } } }),
    fires: false,
  },

  // Multi-cluster (mariadb-multi-cluster-rules.ts), operator 26 and later.
  {
    rule: 'mariadb/multi-cluster-without-ha',
    name: 'multi-cluster for a single server',
    object: multiCluster({ primary: 'db', members: MEMBERS }, {}),
    fires: true,
    path: 'spec.multiCluster.enabled',
  },
  { rule: 'mariadb/multi-cluster-without-ha', name: 'multi-cluster with replication', object: multiCluster({ primary: 'db', members: MEMBERS }), fires: false },
  {
    rule: 'mariadb/multi-cluster-primary-required',
    name: 'multi-cluster without a primary',
    object: multiCluster({ members: MEMBERS }),
    fires: true,
    path: 'spec.multiCluster.primary',
  },
  {
    rule: 'mariadb/multi-cluster-primary-required',
    name: 'multi-cluster with a primary',
    object: multiCluster({ primary: 'db-west', members: MEMBERS }),
    fires: false,
  },
  {
    rule: 'mariadb/multi-cluster-not-member',
    name: 'this MariaDB is not a member',
    object: multiCluster({ primary: 'db-west', members: MEMBERS }, undefined, 'db-south'),
    fires: true,
    path: 'spec.multiCluster.members',
  },
  { rule: 'mariadb/multi-cluster-not-member', name: 'this MariaDB is a member', object: multiCluster({ primary: 'db-west', members: MEMBERS }), fires: false },
  {
    rule: 'mariadb/multi-cluster-primary-not-member',
    name: 'the primary is not a member',
    object: multiCluster({ primary: 'db-north', members: MEMBERS }),
    fires: true,
    path: 'spec.multiCluster.primary',
  },
  {
    rule: 'mariadb/multi-cluster-primary-not-member',
    name: 'the primary is a member',
    object: multiCluster({ primary: 'db-west', members: MEMBERS }),
    fires: false,
  },
];

// Cases of the rules no other table covered: lookups (Connection, Galera keys, KubeDB placement), UPDATE-only
// checks, warnings and the plain-text credential heuristics, so every rule is seen to fire and to stay silent.
// None of these rules has a CEL twin, so only test/policies/rule-cases.test.ts judges them.
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

type Spec = Record<string, unknown>;

// --- mariadb-operator kinds -------------------------------------------------------------------------------

const MDB_API = 'enterprise.mariadb.com/v1alpha1';

function mariadb(spec: Spec = {}): KubeObject {
  return {
    apiVersion: MDB_API,
    kind: 'MariaDB',
    metadata: { name: 'db', namespace: 'default' },
    spec: { replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true }, ...spec },
  };
}

function connection(spec: Spec): KubeObject {
  return {
    apiVersion: MDB_API,
    kind: 'Connection',
    metadata: { name: 'conn', namespace: 'default' },
    spec: { username: 'app', passwordSecretKeyRef: { name: 'app', key: 'password' }, ...spec },
  };
}

function maxscale(spec: Spec): KubeObject {
  return { apiVersion: MDB_API, kind: 'MaxScale', metadata: { name: 'mxs', namespace: 'default' }, spec: { mariaDbRef: { name: 'db' }, ...spec } };
}

// --- Galera operator (sql.databases) -----------------------------------------------------------------------

const GALERA_API = 'sql.databases/v1beta2';
const S3 = { endpoint: 'http://minio.minio.svc:9000', bucket: 'save', credentialsSecret: { name: 's3-secret' } };

function galera(pod: Spec = {}, labels: Record<string, string> = { 'galera-cluster': 'gal' }): KubeObject {
  return {
    apiVersion: GALERA_API,
    kind: 'Galera',
    metadata: { name: 'gal', namespace: 'galera', labels },
    spec: {
      replicas: 3,
      pod: { credentialsSecret: { name: 'galera-secret' }, image: 'sebs42/mariadb:10.4.12-bionic', mycnfConfigMap: { name: 'galeraconf' }, ...pod },
      persistentVolumeClaimSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } },
    },
  };
}

function galeraBackup(spec: Spec = {}): KubeObject {
  return {
    apiVersion: GALERA_API,
    kind: 'GaleraBackup',
    metadata: { name: 'galera-backup', namespace: 'galera' },
    spec: {
      galeraName: 'gal',
      backupMethodType: 'mariabackup',
      mariabackup: { credentialsBackup: { name: 'galera-secret' } },
      storageProviderType: 'S3',
      s3: S3,
      ...spec,
    },
  };
}

const upgradeRule = (body: Spec): KubeObject => ({ apiVersion: GALERA_API, kind: 'UpgradeRule', metadata: { name: 'r', namespace: 'galera' }, ...body });

function secret(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'galera' }, data };
}
const MYCNF: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'galeraconf', namespace: 'galera' }, data: { 'my.cnf': '[mysqld]\n' } };
const b64 = (s: string) => Buffer.from(s).toString('base64');

// --- KubeDB and KubeSlice ------------------------------------------------------------------------------------

function kubedb(spec: Spec = {}): KubeObject {
  return {
    apiVersion: 'kubedb.com/v1',
    kind: 'MariaDB',
    metadata: { name: 'mariadb', namespace: 'demo' },
    spec: { version: '11.5.2', replicas: 3, storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, ...spec },
  };
}

/** A MariaDB whose database container has this env. */
const kubedbEnv = (env: unknown[]): KubeObject => kubedb({ podTemplate: { spec: { containers: [{ name: 'mariadb', env }] } } });

const distributed = (replicas = 3): KubeObject =>
  kubedb({ replicas, distributed: true, podTemplate: { spec: { podPlacementPolicy: { name: 'distributed-mariadb' } } } });

/** A PlacementPolicy (clusterSpreadConstraint form) placing each list of indices in cluster-<i>. */
function placement(...indices: number[][]): KubeObject {
  return {
    apiVersion: 'apps.k8s.appscode.com/v1',
    kind: 'PlacementPolicy',
    metadata: { name: 'distributed-mariadb' },
    spec: {
      clusterSpreadConstraint: {
        distributionRules: indices.map((replicaIndices, i) => ({ clusterName: `cluster-${i}`, replicaIndices })),
        slice: { projectNamespace: 'kubeslice-demo', sliceName: 'demo-slice' },
      },
    },
  };
}

function slice(spec: Spec = {}): KubeObject {
  return {
    apiVersion: 'controller.kubeslice.io/v1alpha1',
    kind: 'SliceConfig',
    metadata: { name: 'demo-slice', namespace: 'kubeslice-demo' },
    spec: {
      sliceSubnet: '10.1.0.0/16',
      clusters: ['cluster-0', 'cluster-1', 'cluster-2'],
      qosProfileDetails: { priority: 1, bandwidthCeilingKbps: 5120, bandwidthGuaranteedKbps: 2560, dscpClass: 'AF11' },
      namespaceIsolationProfile: { applicationNamespaces: [{ namespace: 'demo', clusters: ['*'] }] },
      ...spec,
    },
  };
}

const PLACEMENT_NAME = 'spec.podTemplate.spec.podPlacementPolicy.name';

export const cases: RuleCase[] = [
  // connection/reference-missing
  {
    rule: 'connection/reference-missing',
    name: 'the MariaDB it names does not exist',
    object: connection({ mariaDbRef: { name: 'db' } }),
    fires: true,
    path: 'spec.mariaDbRef.name',
    severity: 'warning',
  },
  {
    rule: 'connection/reference-missing',
    name: 'the MariaDB it names exists',
    object: connection({ mariaDbRef: { name: 'db' } }),
    cluster: [mariadb()],
    fires: false,
  },

  // galera/backup-schedule-invalid and galera/backup-schedule-ignored
  {
    rule: 'galera/backup-schedule-invalid',
    name: '31 February never comes',
    object: galeraBackup({ schedule: '0 0 31 2 *' }),
    fires: true,
    path: 'spec.schedule',
  },
  { rule: 'galera/backup-schedule-invalid', name: 'seconds field', object: galeraBackup({ schedule: '0 0 2 * * *' }), fires: true, path: 'spec.schedule' },
  { rule: 'galera/backup-schedule-invalid', name: 'five fields in range', object: galeraBackup({ schedule: '0 2 * * *' }), fires: false },
  {
    rule: 'galera/backup-schedule-ignored',
    name: 'a readable schedule the operator never runs',
    object: galeraBackup({ schedule: '0 2 * * *' }),
    fires: true,
    path: 'spec.schedule',
    severity: 'warning',
  },
  { rule: 'galera/backup-schedule-ignored', name: 'a one-off backup', object: galeraBackup(), fires: false },
  {
    rule: 'galera/backup-schedule-ignored',
    name: 'an unreadable schedule is the invalid rule’s',
    object: galeraBackup({ schedule: '0 0 31 2 *' }),
    fires: false,
  },

  // galera/image-downgrade
  {
    rule: 'galera/image-downgrade',
    name: '10.4.12 to 10.3.20',
    object: galera({ image: 'sebs42/mariadb:10.3.20-bionic' }),
    old: galera(),
    fires: true,
    path: 'spec.pod.image',
  },
  { rule: 'galera/image-downgrade', name: '10.4.12 to 10.4.13', object: galera({ image: 'sebs42/mariadb:10.4.13-bionic' }), old: galera(), fires: false },

  // galera/plaintext-credential
  {
    rule: 'galera/plaintext-credential',
    name: 'a password in the galera container env',
    object: galera({ env: [{ name: 'EXPORTER_PASSWORD', value: 'hunter2hunter2' }] }),
    fires: true,
    path: 'spec.pod.env[0].value',
  },
  {
    rule: 'galera/plaintext-credential',
    name: 'user:password@ in a GaleraBackup S3 endpoint',
    object: galeraBackup({ s3: { ...S3, endpoint: 'http://minio:minio123@minio.minio.svc:9000' } }),
    fires: true,
    path: 'spec.s3.endpoint',
  },
  {
    rule: 'galera/plaintext-credential',
    name: 'the password from a Secret',
    object: galera({ env: [{ name: 'EXPORTER_PASSWORD', valueFrom: { secretKeyRef: { name: 'galera-secret', key: 'password' } } }] }),
    fires: false,
  },
  { rule: 'galera/plaintext-credential', name: 'a GaleraBackup with a plain endpoint', object: galeraBackup(), fires: false },

  // galera/pod-labels-ignored
  {
    rule: 'galera/pod-labels-ignored',
    name: 'a label only in spec.pod.labels',
    object: galera({ labels: { app: 'shop' } }),
    fires: true,
    path: 'spec.pod.labels',
    severity: 'warning',
  },
  { rule: 'galera/pod-labels-ignored', name: 'spec.pod.labels repeats metadata.labels', object: galera({ labels: { 'galera-cluster': 'gal' } }), fires: false },

  // galera/reference-missing-keys
  {
    rule: 'galera/reference-missing-keys',
    name: 'the credentials Secret has no password',
    object: galera(),
    cluster: [secret('galera-secret', { user: b64('root') }), MYCNF],
    fires: true,
    path: 'spec.pod.credentialsSecret.name',
  },
  {
    rule: 'galera/reference-missing-keys',
    name: 'the S3 Secret of a backup has no secretAccessKey',
    object: galeraBackup(),
    cluster: [secret('galera-secret', { user: b64('root'), password: b64('pw') }), secret('s3-secret', { accessKeyId: b64('minio') })],
    fires: true,
    path: 'spec.s3.credentialsSecret.name',
  },
  {
    rule: 'galera/reference-missing-keys',
    name: 'every key the operator reads',
    object: galera(),
    cluster: [secret('galera-secret', { user: b64('root'), password: b64('pw') }), MYCNF],
    fires: false,
  },

  // galera/s3-endpoint-invalid
  {
    rule: 'galera/s3-endpoint-invalid',
    name: "the operator example's placeholder",
    object: galeraBackup({ s3: { ...S3, endpoint: '$YOURENDPOINT' } }),
    fires: true,
    path: 'spec.s3.endpoint',
  },
  { rule: 'galera/s3-endpoint-invalid', name: 'a host and port URL', object: galeraBackup(), fires: false },
  {
    rule: 'galera/s3-endpoint-invalid',
    name: 'a bare host name',
    object: galeraBackup({ s3: { ...S3, endpoint: 's3.eu-west-1.amazonaws.com' } }),
    fires: false,
  },

  // galera/upgrade-rule-empty
  { rule: 'galera/upgrade-rule-empty', name: 'no option at all', object: upgradeRule({}), fires: true, path: 'removedOption', severity: 'warning' },
  { rule: 'galera/upgrade-rule-empty', name: 'a removed option', object: upgradeRule({ removedOption: { option: 'innodb_file_format' } }), fires: false },

  // kubedb/forbidden-env and kubedb/plaintext-password
  {
    rule: 'kubedb/forbidden-env',
    name: 'MYSQL_ROOT_PASSWORD from a Secret is still forbidden',
    object: kubedbEnv([{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'root', key: 'password' } } }]),
    fires: true,
    path: 'spec.podTemplate.spec.containers[0].env[0].name',
  },
  { rule: 'kubedb/forbidden-env', name: 'an ordinary variable', object: kubedbEnv([{ name: 'TZ', value: 'UTC' }]), fires: false },
  {
    rule: 'kubedb/plaintext-password',
    name: 'an application password as a literal',
    object: kubedbEnv([{ name: 'APP_PASSWORD', value: 'hunter2hunter2' }]),
    fires: true,
    path: 'spec.podTemplate.spec.containers[0].env[0].value',
  },
  {
    rule: 'kubedb/plaintext-password',
    name: 'a forbidden variable is kubedb/forbidden-env’s, whatever its value',
    object: kubedbEnv([{ name: 'MYSQL_ROOT_PASSWORD', value: 'hunter2hunter2' }]),
    fires: false,
  },
  {
    rule: 'kubedb/plaintext-password',
    name: 'the password from a Secret',
    object: kubedbEnv([{ name: 'APP_PASSWORD', valueFrom: { secretKeyRef: { name: 'app', key: 'password' } } }]),
    fires: false,
  },

  // kubedb/galera-even-replicas
  { rule: 'kubedb/galera-even-replicas', name: 'four Galera nodes', object: kubedb({ replicas: 4 }), fires: true, path: 'spec.replicas', severity: 'warning' },
  { rule: 'kubedb/galera-even-replicas', name: 'five Galera nodes', object: kubedb({ replicas: 5 }), fires: false },

  // kubedb/immutable-field
  {
    rule: 'kubedb/immutable-field',
    name: 'MariaDB storageType Durable to Ephemeral',
    object: kubedb({ storageType: 'Ephemeral' }),
    old: kubedb({ storageType: 'Durable' }),
    fires: true,
    path: 'spec.storageType',
  },
  {
    rule: 'kubedb/immutable-field',
    name: 'MariaDB storageType written out as its default',
    object: kubedb({ storageType: 'Durable' }),
    old: kubedb(),
    fires: false,
  },
  {
    rule: 'kubedb/immutable-field',
    name: 'SliceConfig sliceSubnet changed',
    object: slice({ sliceSubnet: '10.2.0.0/16' }),
    old: slice(),
    fires: true,
    path: 'spec.sliceSubnet',
  },
  {
    rule: 'kubedb/immutable-field',
    name: 'SliceConfig gains a cluster',
    object: slice({ clusters: ['cluster-0', 'cluster-1', 'cluster-2', 'cluster-3'] }),
    old: slice(),
    fires: false,
  },

  // kubedb/placement-duplicate-replica-index
  {
    rule: 'kubedb/placement-duplicate-replica-index',
    name: 'index 1 in two clusters',
    object: placement([0, 1], [1, 2]),
    fires: true,
    path: 'spec.clusterSpreadConstraint.distributionRules[1].replicaIndices[0]',
  },
  { rule: 'kubedb/placement-duplicate-replica-index', name: 'one index per cluster', object: placement([0], [1], [2]), fires: false },

  // kubedb/placement-policy-not-found
  {
    rule: 'kubedb/placement-policy-not-found',
    name: 'no PlacementPolicy of that name',
    object: distributed(),
    fires: true,
    path: PLACEMENT_NAME,
    severity: 'warning',
  },
  { rule: 'kubedb/placement-policy-not-found', name: 'the PlacementPolicy exists', object: distributed(), cluster: [placement([0], [1], [2])], fires: false },

  // kubedb/placement-replica-index-missing
  {
    rule: 'kubedb/placement-replica-index-missing',
    name: 'three replicas, indices 0 and 1 placed',
    object: distributed(),
    cluster: [placement([0], [1])],
    fires: true,
    path: PLACEMENT_NAME,
  },
  { rule: 'kubedb/placement-replica-index-missing', name: 'every index placed', object: distributed(), cluster: [placement([0], [1], [2])], fires: false },

  // kubedb/placement-replica-index-out-of-range
  {
    rule: 'kubedb/placement-replica-index-out-of-range',
    name: 'index 3 placed for three replicas',
    object: distributed(),
    cluster: [placement([0], [1], [2, 3])],
    fires: true,
    path: PLACEMENT_NAME,
    severity: 'warning',
  },
  {
    rule: 'kubedb/placement-replica-index-out-of-range',
    name: 'indices 0 to 2 for three replicas',
    object: distributed(),
    cluster: [placement([0], [1], [2])],
    fires: false,
  },

  // kubedb/slice-config-not-found (its firing case is in kubedb-slice.cases.ts)
  {
    rule: 'kubedb/slice-config-not-found',
    name: 'clusterSpreadConstraint form: the SliceConfig exists in the project namespace',
    object: placement([0], [1], [2]),
    cluster: [slice()],
    fires: false,
  },
  {
    rule: 'kubedb/slice-config-not-found',
    name: 'clusterSpreadConstraint form: wrong project namespace',
    object: placement([0], [1], [2]),
    cluster: [{ ...slice(), metadata: { name: 'demo-slice', namespace: 'kubeslice-other' } }],
    fires: true,
    path: 'spec.clusterSpreadConstraint.slice.sliceName',
    severity: 'warning',
  },

  // kubedb/slice-unknown-cluster
  {
    rule: 'kubedb/slice-unknown-cluster',
    name: 'a namespace onboarded in a cluster outside the slice',
    object: slice({ namespaceIsolationProfile: { applicationNamespaces: [{ namespace: 'demo', clusters: ['cluster-9'] }] } }),
    fires: true,
    path: 'spec.namespaceIsolationProfile.applicationNamespaces[0].clusters[0]',
  },
  {
    rule: 'kubedb/slice-unknown-cluster',
    name: '* beside a cluster',
    object: slice({ namespaceIsolationProfile: { applicationNamespaces: [{ namespace: 'demo', clusters: ['*', 'cluster-0'] }] } }),
    fires: true,
    path: 'spec.namespaceIsolationProfile.applicationNamespaces[0].clusters',
  },
  { rule: 'kubedb/slice-unknown-cluster', name: '* alone', object: slice(), fires: false },

  // mariadb/maxscale-ref-conflict
  {
    rule: 'mariadb/maxscale-ref-conflict',
    name: 'the embedded MaxScale and another one',
    object: mariadb({ maxScale: { enabled: true }, maxScaleRef: { name: 'other-maxscale' } }),
    fires: true,
    path: 'spec.maxScaleRef',
  },
  { rule: 'mariadb/maxscale-ref-conflict', name: 'the embedded MaxScale only', object: mariadb({ maxScale: { enabled: true } }), fires: false },
  {
    rule: 'mariadb/maxscale-ref-conflict',
    name: 'a ref to the embedded one, as the operator writes it',
    object: mariadb({ maxScale: { enabled: true }, maxScaleRef: { name: 'db-maxscale' } }),
    fires: false,
  },

  // mariadb/plaintext-password
  {
    rule: 'mariadb/plaintext-password',
    name: 'a password in spec.env',
    object: mariadb({ env: [{ name: 'APP_PASSWORD', value: 'hunter2hunter2' }] }),
    fires: true,
    path: 'spec.env[0].value',
  },
  {
    rule: 'mariadb/plaintext-password',
    name: 'a DSN with a password in a sidecar',
    object: mariadb({
      sidecarContainers: [
        { name: 'exporter', image: 'prom/mysqld-exporter:v0.15.1', env: [{ name: 'DATA_SOURCE_NAME', value: 'exporter:hunter2@(localhost:3306)/' }] },
      ],
    }),
    fires: true,
    path: 'spec.sidecarContainers[0].env[0].value',
  },
  {
    rule: 'mariadb/plaintext-password',
    name: 'the password from a Secret',
    object: mariadb({ env: [{ name: 'APP_PASSWORD', valueFrom: { secretKeyRef: { name: 'app', key: 'password' } } }] }),
    fires: false,
  },

  // maxscale/scale-without-cooperative-monitoring: on a whole object the defaults set cooperativeMonitoring
  // whenever replicas > 1, so it fires only where a user wrote the key with no value (YAML `cooperativeMonitoring:`).
  {
    rule: 'maxscale/scale-without-cooperative-monitoring',
    name: 'two replicas, cooperativeMonitoring written empty (null)',
    object: maxscale({ replicas: 2, monitor: { cooperativeMonitoring: null } }),
    cluster: [mariadb()],
    fires: true,
    path: 'spec.replicas',
  },
  {
    rule: 'maxscale/scale-without-cooperative-monitoring',
    name: 'one replica',
    object: maxscale({ replicas: 1 }),
    cluster: [mariadb()],
    fires: false,
  },
];

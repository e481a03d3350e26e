// Cases of the MariaDB update rules (policies/mariadb/mariadb-update-rules.ts) and the spec.maxScaleRef rules
// (policies/mariadb/mariadb-maxscale-ref-rules.ts). The immutable fields are a table: one row per field the
// mariadb-operator tags `webhook:"inmutable"` (lock `always`) or `webhook:"inmutableinit"` (lock `once`) in the
// MariaDB spec of its release, each judged as an UPDATE that changes it (fires) and one that keeps it (silent);
// both the stored and the new object are defaulted first, as the webhook sees them. A case judged at 25.10 is
// written in enterprise.mariadb.com and one at 26.6 in k8s.mariadb.com, the default release of each group (no
// --operator-version needed, which keeps the table fast).
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

type Spec = Record<string, unknown>;
type Version = '25.10' | '26.6';

/** The group whose default operator release is `version`. */
function groupAt(version: Version): string {
  return version === '25.10' ? 'enterprise.mariadb.com' : 'k8s.mariadb.com';
}

function mariadb(spec: Spec, version: Version = '26.6'): KubeObject {
  return { apiVersion: `${groupAt(version)}/v1alpha1`, kind: 'MariaDB', metadata: { name: 'db' }, spec: structuredClone(spec) };
}

function maxscale(name: string, spec: Spec, namespace?: string, version: Version = '26.6'): KubeObject {
  return { apiVersion: `${groupAt(version)}/v1alpha1`, kind: 'MaxScale', metadata: { name, ...(namespace ? { namespace } : {}) }, spec };
}

/** `spec` with the value written at a Kubernetes path (`spec.a.b[0].c`), creating what is missing. */
function withValue(spec: Spec, path: string, value: unknown): Spec {
  const out = structuredClone(spec);
  const steps = path
    .replace(/^spec\./, '')
    .split(/\.|(?=\[)/)
    .map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
  let node: Record<string | number, unknown> = out;
  steps.forEach((step, i) => {
    if (i === steps.length - 1) {
      node[step] = structuredClone(value);
      return;
    }
    if (node[step] === undefined) node[step] = typeof steps[i + 1] === 'number' ? [] : {};
    node = node[step] as Record<string | number, unknown>;
  });
  return out;
}

const STANDALONE: Spec = { storage: { size: '1Gi' } };
const GALERA: Spec = { replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true } };
const REPLICATION: Spec = { replicas: 3, storage: { size: '1Gi' }, replication: { enabled: true } };
const METRICS: Spec = { ...STANDALONE, metrics: { enabled: true } };
const BOOTSTRAP: Spec = { ...STANDALONE, bootstrapFrom: { backupRef: { name: 'backup' } } };
const EMBEDDED: Spec = {
  ...GALERA,
  maxScale: { enabled: true, services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 3306 } }] },
};

interface Field {
  /** The field's path; `[0]` for the first item of a list compared pairwise. */
  path: string;
  base: Spec;
  before: unknown;
  after: unknown;
  versions: readonly Version[];
}

const BOTH: readonly Version[] = ['25.10', '26.6'];
const V25: readonly Version[] = ['25.10'];
const V26: readonly Version[] = ['26.6'];

const secretRef = (name: string) => ({ name, key: 'password' });
const mounts = (mountPath: string) => [{ name: 'data', mountPath }];

const FIELDS: Field[] = [
  { path: 'spec.serviceAccountName', base: STANDALONE, before: 'a', after: 'b', versions: BOTH },
  { path: 'spec.affinity.antiAffinityEnabled', base: STANDALONE, before: true, after: false, versions: BOTH },
  { path: 'spec.rootPasswordSecretKeyRef', base: STANDALONE, before: secretRef('r1'), after: secretRef('r2'), versions: BOTH },
  { path: 'spec.rootEmptyPassword', base: STANDALONE, before: false, after: true, versions: BOTH },
  { path: 'spec.database', base: STANDALONE, before: 'a', after: 'b', versions: BOTH },
  { path: 'spec.username', base: STANDALONE, before: 'a', after: 'b', versions: BOTH },
  { path: 'spec.timeZone', base: STANDALONE, before: 'UTC', after: 'Europe/Madrid', versions: BOTH },
  { path: 'spec.bootstrapFrom.backupRef', base: STANDALONE, before: { name: 'b1' }, after: { name: 'b2' }, versions: BOTH },
  { path: 'spec.bootstrapFrom.volumeSnapshotRef', base: STANDALONE, before: { name: 's1' }, after: { name: 's2' }, versions: BOTH },
  { path: 'spec.bootstrapFrom.backupContentType', base: BOOTSTRAP, before: 'Logical', after: 'Physical', versions: BOTH },
  {
    path: 'spec.bootstrapFrom.s3',
    base: STANDALONE,
    before: { bucket: 'a', endpoint: 's3.example' },
    after: { bucket: 'b', endpoint: 's3.example' },
    versions: BOTH,
  },
  { path: 'spec.bootstrapFrom.volume', base: BOOTSTRAP, before: { emptyDir: {} }, after: { nfs: { server: 'nfs', path: '/b' } }, versions: BOTH },
  { path: 'spec.bootstrapFrom.targetRecoveryTime', base: BOOTSTRAP, before: '2026-01-01T00:00:00Z', after: '2026-02-01T00:00:00Z', versions: BOTH },
  {
    path: 'spec.bootstrapFrom.stagingStorage',
    base: BOOTSTRAP,
    before: { volume: { emptyDir: {} } },
    after: { persistentVolumeClaim: { resources: { requests: { storage: '1Gi' } } } },
    versions: BOTH,
  },
  { path: 'spec.bootstrapFrom.restoreJob.affinity.antiAffinityEnabled', base: BOOTSTRAP, before: true, after: false, versions: BOTH },
  { path: 'spec.storage.storageClassName', base: STANDALONE, before: 'fast', after: 'slow', versions: BOTH },
  { path: 'spec.metrics.exporter.affinity.antiAffinityEnabled', base: METRICS, before: true, after: false, versions: BOTH },
  { path: 'spec.metrics.exporter.priorityClassName', base: METRICS, before: 'high', after: 'low', versions: BOTH },
  { path: 'spec.metrics.username', base: METRICS, before: 'm1', after: 'm2', versions: BOTH },
  {
    path: 'spec.replication.replica.bootstrapFrom.restoreJob.affinity.antiAffinityEnabled',
    base: withValue(REPLICATION, 'spec.replication.replica.bootstrapFrom.physicalBackupTemplateRef', { name: 'template' }),
    before: true,
    after: false,
    versions: BOTH,
  },
  { path: 'spec.galera.config.reuseStorageVolume', base: GALERA, before: false, after: true, versions: BOTH },
  {
    path: 'spec.galera.config.volumeClaimTemplate',
    base: GALERA,
    before: { resources: { requests: { storage: '100Mi' } }, accessModes: ['ReadWriteOnce'] },
    after: { resources: { requests: { storage: '200Mi' } }, accessModes: ['ReadWriteOnce'] },
    versions: BOTH,
  },
  { path: 'spec.connection', base: STANDALONE, before: { secretName: 'c1' }, after: { secretName: 'c2' }, versions: BOTH },
  { path: 'spec.primaryConnection', base: REPLICATION, before: { secretName: 'p1' }, after: { secretName: 'p2' }, versions: BOTH },
  { path: 'spec.secondaryConnection', base: REPLICATION, before: { secretName: 's1' }, after: { secretName: 's2' }, versions: BOTH },
  // 26.6 only.
  {
    path: 'spec.bootstrapFrom.azureBlob',
    base: STANDALONE,
    before: { containerName: 'c1', serviceURL: 'https://blob.example' },
    after: { containerName: 'c2', serviceURL: 'https://blob.example' },
    versions: V26,
  },
  { path: 'spec.replication.gtidDomainId', base: REPLICATION, before: 1, after: 2, versions: V26 },
  { path: 'spec.replication.serverIdStartIndex', base: REPLICATION, before: 10, after: 20, versions: V26 },
  { path: 'spec.galera.gtidDomainId', base: GALERA, before: 1, after: 2, versions: V26 },
  { path: 'spec.galera.serverId', base: GALERA, before: 1, after: 2, versions: V26 },
  // 25.10 only.
  { path: 'spec.volumeMounts', base: STANDALONE, before: mounts('/a'), after: mounts('/b'), versions: V25 },
  { path: 'spec.imagePullSecrets', base: STANDALONE, before: [{ name: 'a' }], after: [{ name: 'b' }], versions: V25 },
  {
    path: 'spec.initContainers[0].volumeMounts',
    base: { ...STANDALONE, initContainers: [{ image: 'busybox' }] },
    before: mounts('/a'),
    after: mounts('/b'),
    versions: V25,
  },
  {
    path: 'spec.sidecarContainers[0].volumeMounts',
    base: { ...STANDALONE, sidecarContainers: [{ image: 'busybox' }] },
    before: mounts('/a'),
    after: mounts('/b'),
    versions: V25,
  },
  { path: 'spec.volumes', base: STANDALONE, before: [{ name: 'v1', emptyDir: {} }], after: [{ name: 'v2', emptyDir: {} }], versions: V25 },
  ...['bucket', 'endpoint', 'region', 'prefix'].map((key) => ({
    path: `spec.bootstrapFrom.s3.${key}`,
    base: withValue(STANDALONE, 'spec.bootstrapFrom.s3', { bucket: 'a', endpoint: 'e' }),
    before: 'one',
    after: 'two',
    versions: V25,
  })),
  { path: 'spec.metrics.exporter.imagePullSecrets', base: METRICS, before: [{ name: 'a' }], after: [{ name: 'b' }], versions: V25 },
  { path: 'spec.replication.initContainer.volumeMounts', base: REPLICATION, before: mounts('/a'), after: mounts('/b'), versions: V25 },
  { path: 'spec.replication.agent.volumeMounts', base: REPLICATION, before: mounts('/a'), after: mounts('/b'), versions: V25 },
  { path: 'spec.galera.agent.volumeMounts', base: GALERA, before: mounts('/a'), after: mounts('/b'), versions: V25 },
  { path: 'spec.galera.initContainer.volumeMounts', base: GALERA, before: mounts('/a'), after: mounts('/b'), versions: V25 },
  { path: 'spec.maxScale.services[0].router', base: EMBEDDED, before: 'readwritesplit', after: 'readconnroute', versions: V25 },
  { path: 'spec.maxScale.services[0].listener.port', base: EMBEDDED, before: 3306, after: 3307, versions: V25 },
  { path: 'spec.maxScale.monitor.module', base: EMBEDDED, before: 'galeramon', after: 'mariadbmon', versions: V25 },
  { path: 'spec.maxScale.auth.generate', base: EMBEDDED, before: true, after: false, versions: V25 },
  { path: 'spec.maxScale.auth.adminUsername', base: EMBEDDED, before: 'a', after: 'b', versions: V25 },
  { path: 'spec.maxScale.auth.adminPasswordSecretKeyRef', base: EMBEDDED, before: secretRef('a'), after: secretRef('b'), versions: V25 },
  { path: 'spec.maxScale.auth.deleteDefaultAdmin', base: EMBEDDED, before: true, after: false, versions: V25 },
  ...['metricsUsername', 'clientUsername', 'serverUsername', 'monitorUsername', 'syncUsername'].map((key) => ({
    path: `spec.maxScale.auth.${key}`,
    base: EMBEDDED,
    before: 'one',
    after: 'two',
    versions: V25,
  })),
  ...['clientMaxConnections', 'serverMaxConnections', 'monitorMaxConnections', 'syncMaxConnections'].map((key) => ({
    path: `spec.maxScale.auth.${key}`,
    base: EMBEDDED,
    before: 10,
    after: 20,
    versions: V25,
  })),
  { path: 'spec.maxScale.metrics.exporter.imagePullSecrets', base: EMBEDDED, before: [{ name: 'a' }], after: [{ name: 'b' }], versions: V25 },
  { path: 'spec.maxScale.metrics.exporter.affinity.antiAffinityEnabled', base: EMBEDDED, before: true, after: false, versions: V25 },
  { path: 'spec.maxScale.metrics.exporter.priorityClassName', base: EMBEDDED, before: 'high', after: 'low', versions: V25 },
  { path: 'spec.maxScale.connection.secretName', base: EMBEDDED, before: 'a', after: 'b', versions: V25 },
];

const IMMUTABLE = 'mariadb/immutable-field';

/** The scalar fields with a CEL transition twin (schemas/_overlays/mariadb-operator/mariadb-lifecycle.overlay.json). */
const TWINNED = new Set([
  'spec.database',
  'spec.username',
  'spec.timeZone',
  'spec.serviceAccountName',
  'spec.rootEmptyPassword',
  'spec.affinity.antiAffinityEnabled',
  'spec.storage.ephemeral',
  'spec.storage.storageClassName',
  'spec.metrics.username',
  'spec.bootstrapFrom.backupContentType',
  'spec.bootstrapFrom.targetRecoveryTime',
  'spec.galera.config.reuseStorageVolume',
  'spec.galera.gtidDomainId',
  'spec.galera.serverId',
  'spec.replication.gtidDomainId',
  'spec.replication.serverIdStartIndex',
]);
const NO_TWIN = 'no CEL twin for this field: a struct or list compared whole, or a field the CRD rules do not cover';
const ADDED_OR_REMOVED = 'a transition rule only runs where the stored and the new object both have the field';

const fieldCases: RuleCase[] = FIELDS.flatMap((field) =>
  field.versions.flatMap((version): RuleCase[] => [
    {
      rule: IMMUTABLE,
      name: `${version}: changing ${field.path}`,
      old: mariadb(withValue(field.base, field.path, field.before), version),
      object: mariadb(withValue(field.base, field.path, field.after), version),
      fires: true,
      path: field.path,
      ...(TWINNED.has(field.path) ? {} : { celDiffers: NO_TWIN }),
    },
    {
      rule: IMMUTABLE,
      name: `${version}: keeping ${field.path}`,
      old: mariadb(withValue(field.base, field.path, field.before), version),
      object: mariadb(withValue(field.base, field.path, field.before), version),
      fires: false,
    },
  ]),
);

/** What each lock means beyond "changed", and where the releases differ. */
const lockCases: RuleCase[] = [
  {
    rule: IMMUTABLE,
    name: 'inmutable: adding spec.database to an existing MariaDB is refused',
    old: mariadb(STANDALONE),
    object: mariadb({ ...STANDALONE, database: 'app' }),
    fires: true,
    path: 'spec.database',
    celDiffers: ADDED_OR_REMOVED,
  },
  {
    rule: IMMUTABLE,
    name: 'inmutable: removing spec.connection is refused',
    old: mariadb({ ...STANDALONE, connection: { secretName: 'c' } }),
    object: mariadb(STANDALONE),
    fires: true,
    path: 'spec.connection',
    celDiffers: ADDED_OR_REMOVED,
  },
  {
    rule: IMMUTABLE,
    name: 'inmutable: a storage class where there was none is refused (unset is "")',
    old: mariadb(STANDALONE),
    object: mariadb({ storage: { size: '1Gi', storageClassName: 'fast' } }),
    fires: true,
    path: 'spec.storage.storageClassName',
    celDiffers: ADDED_OR_REMOVED,
  },
  {
    rule: IMMUTABLE,
    name: 'inmutableinit: a bootstrap source unset in the stored object may be set once',
    old: mariadb(BOOTSTRAP),
    object: mariadb(withValue(BOOTSTRAP, 'spec.bootstrapFrom.s3', { bucket: 'b', endpoint: 's3.example' })),
    fires: false,
  },
  {
    rule: IMMUTABLE,
    name: 'inmutableinit: the default ephemeral: false in the stored object locks persistent storage',
    old: mariadb(STANDALONE),
    object: mariadb({ storage: { ephemeral: true } }),
    fires: true,
    path: 'spec.storage.ephemeral',
    celDiffers: ADDED_OR_REMOVED,
  },
  {
    rule: IMMUTABLE,
    name: 'a locked field inside a struct removed on one side is not compared (turning metrics off)',
    old: mariadb(withValue(METRICS, 'spec.metrics.exporter.priorityClassName', 'high')),
    object: mariadb(STANDALONE),
    fires: false,
  },
  {
    rule: IMMUTABLE,
    name: '26.6 no longer locks the volume mounts',
    old: mariadb({ ...STANDALONE, volumeMounts: mounts('/a') }),
    object: mariadb({ ...STANDALONE, volumeMounts: mounts('/b') }),
    fires: false,
  },
  {
    rule: IMMUTABLE,
    name: 'list items compare pairwise, so adding a sidecar is not a change (25.10)',
    old: mariadb({ ...STANDALONE, sidecarContainers: [{ image: 'a', volumeMounts: mounts('/a') }] }, '25.10'),
    object: mariadb(
      {
        ...STANDALONE,
        sidecarContainers: [
          { image: 'a', volumeMounts: mounts('/a') },
          { image: 'b', volumeMounts: mounts('/b') },
        ],
      },
      '25.10',
    ),
    fires: false,
  },
];

/** Changes mdbkit once denied but the operator accepts: warnings now. */
const warningCases: RuleCase[] = [
  {
    rule: 'mariadb/ha-method-change',
    name: 'turning replication on for a standalone server',
    old: mariadb(STANDALONE),
    object: mariadb({ ...REPLICATION, replicas: 2 }),
    fires: true,
    path: 'spec.replication.enabled',
    severity: 'warning',
  },
  {
    rule: 'mariadb/ha-method-change',
    name: 'turning Galera off',
    old: mariadb(GALERA),
    object: mariadb({ ...STANDALONE, galera: { enabled: false } }),
    fires: true,
    path: 'spec.galera.enabled',
    severity: 'warning',
  },
  {
    rule: 'mariadb/ha-method-change',
    name: 'Galera kept, replication written out as disabled',
    old: mariadb(GALERA),
    object: mariadb({ ...GALERA, replication: { enabled: false } }),
    fires: false,
  },
  {
    rule: 'mariadb/immutable-field',
    name: 'turning Galera on is not an immutable-field denial',
    old: mariadb(STANDALONE),
    object: mariadb(GALERA),
    fires: false,
  },
  {
    rule: 'mariadb/claim-template-class-change',
    name: "changing the claim template's class",
    old: mariadb({ storage: { volumeClaimTemplate: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } } }),
    object: mariadb({ storage: { volumeClaimTemplate: { storageClassName: 'slow', resources: { requests: { storage: '1Gi' } } } } }),
    fires: true,
    path: 'spec.storage.volumeClaimTemplate.storageClassName',
    severity: 'warning',
  },
  {
    rule: 'mariadb/claim-template-class-change',
    name: "the claim template's class kept while the claim grows",
    old: mariadb({ storage: { volumeClaimTemplate: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } } }),
    object: mariadb({ storage: { volumeClaimTemplate: { storageClassName: 'fast', resources: { requests: { storage: '2Gi' } } } } }),
    fires: false,
  },
  {
    rule: 'mariadb/claim-template-class-change',
    name: 'a class change through spec.storage.storageClassName is left to the immutable-field denial',
    old: mariadb({ storage: { size: '1Gi', storageClassName: 'fast' } }),
    object: mariadb({ storage: { size: '1Gi', storageClassName: 'slow' } }),
    fires: false,
  },
  {
    rule: 'mariadb/storage-shrink',
    name: 'spec.storage.size from 2Gi to 1Gi',
    old: mariadb({ storage: { size: '2Gi' } }),
    object: mariadb({ storage: { size: '1Gi' } }),
    fires: true,
    path: 'spec.storage.size',
  },
  {
    rule: 'mariadb/storage-shrink',
    name: 'spec.storage.size from 1Gi to 1024Mi (the same)',
    old: mariadb({ storage: { size: '1Gi' } }),
    object: mariadb({ storage: { size: '1024Mi' } }),
    fires: false,
  },
];

const WITH_REF = { ...STANDALONE, maxScaleRef: { name: 'mxs' } };

const maxScaleRefCases: RuleCase[] = [
  {
    rule: 'mariadb/maxscale-ref-not-found',
    name: 'spec.maxScaleRef names a MaxScale that does not exist',
    object: mariadb(WITH_REF),
    fires: true,
    path: 'spec.maxScaleRef.name',
    severity: 'warning',
  },
  {
    rule: 'mariadb/maxscale-ref-not-found',
    name: 'the MaxScale exists',
    object: mariadb(WITH_REF),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'db' } })],
    fires: false,
  },
  {
    rule: 'mariadb/maxscale-ref-not-found',
    name: 'a MaxScale of that name in another namespace is another MaxScale',
    object: mariadb(WITH_REF),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'db' } }, 'proxy')],
    fires: true,
    path: 'spec.maxScaleRef.name',
    severity: 'warning',
  },
  {
    rule: 'mariadb/maxscale-ref-not-found',
    name: '25.10: the embedded MaxScale the operator will create (ref written by the defaults) is not looked for',
    object: mariadb({ ...GALERA, maxScale: { enabled: true } }, '25.10'),
    fires: false,
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: "the MaxScale's spec.mariaDbRef names another MariaDB",
    object: mariadb(WITH_REF),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'other' } })],
    fires: true,
    path: 'spec.maxScaleRef.name',
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: "the MaxScale's spec.mariaDbRef names a MariaDB of this name in another namespace",
    object: mariadb(WITH_REF),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'db', namespace: 'elsewhere' } })],
    fires: true,
    path: 'spec.maxScaleRef.name',
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: 'the MaxScale lists its servers and has no spec.mariaDbRef: not judged',
    object: mariadb(WITH_REF),
    cluster: [maxscale('mxs', { servers: [{ name: 'db-0', address: 'db-0.db-internal.default.svc.cluster.local' }] })],
    fires: false,
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: "the MaxScale's spec.mariaDbRef names an ExternalMariaDB",
    object: mariadb(WITH_REF),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'db', kind: 'ExternalMariaDB' } })],
    fires: true,
    path: 'spec.maxScaleRef.name',
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: 'the MaxScale points back (namespace written out)',
    object: mariadb(WITH_REF),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'db', namespace: 'default' } })],
    fires: false,
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: "a MaxScale in another namespace points back, naming this MariaDB's namespace",
    object: mariadb({ ...STANDALONE, maxScaleRef: { name: 'mxs', namespace: 'proxy' } }),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'db', namespace: 'default' } }, 'proxy')],
    fires: false,
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: "a MaxScale in another namespace whose mariaDbRef names no namespace means a MariaDB in the MaxScale's own",
    object: mariadb({ ...STANDALONE, maxScaleRef: { name: 'mxs', namespace: 'proxy' } }),
    cluster: [maxscale('mxs', { mariaDbRef: { name: 'db' } }, 'proxy')],
    fires: true,
    path: 'spec.maxScaleRef.name',
  },
  {
    rule: 'mariadb/maxscale-ref-not-pointing-back',
    name: 'no MaxScale to compare with (the not-found rule reports it)',
    object: mariadb(WITH_REF),
    fires: false,
  },
];

export const cases: RuleCase[] = [...fieldCases, ...lockCases, ...warningCases, ...maxScaleRefCases];

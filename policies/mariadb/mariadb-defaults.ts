// The defaults the MariaDB operator's controller writes into a MariaDB's spec on its first reconcile
// (`MariaDB.SetDefaults` and what it calls, api/v1alpha1 of v25.10.2 and v26.6.0), written here at admission so
// users (and `kubectl get -o yaml`) see the Secrets, Service account, claims and settings they will get before
// the operator runs, and so the stored object already holds what the operator's immutable fields lock. Only
// defaults that do not depend on the operator's own environment (its images, its watch scope) are applied:
// docs/operator-defaults.md lists both kinds. Like the operator, a default fills what is unset; the claim
// template and a bootstrap staging volume are rebuilt from the fields they follow, as the operator rebuilds them.
// Defaulting twice equals defaulting once.
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, setDefault, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { compareQuantities, parseQuantity } from '../quantity.js';
import { defaultEmbeddedMaxScale } from './mariadb-embedded-maxscale.js';
import { embeddedMaxScaleName } from './mariadb-fields.js';

/** The object at `key`, created when unset; undefined when the user put something else there. */
function childToDefault(parent: JsonObject, key: string): JsonObject | undefined {
  if (parent[key] === undefined || parent[key] === null) parent[key] = {};
  const child = parent[key];
  return isObject(child) ? child : undefined;
}

function isTrue(parent: unknown, key: string): boolean {
  return isObject(parent) && parent[key] === true;
}

/** Go's zero value as JSON: unset, "", 0, false, or an object of nothing but such values (the operator's `== (T{})`). */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.values(value).every(isEmpty);
}

/** Sets `key` when the user left it unset or empty, as the operator does for its non-pointer fields. */
function setWhenEmpty(parent: JsonObject, key: string, value: unknown): void {
  if (isEmpty(parent[key])) parent[key] = value;
}

/** A Secret key the operator generates (GeneratedSecretKeyRef with generate: true). */
function generatedSecret(name: string): JsonObject {
  return { name, key: 'password', generate: true };
}

/** Fills the defaults into `object` (the engine's clone). A missing or mistyped spec is left to the schema. */
export function defaultMariaDB(object: KubeObject, ctx?: PolicyContext): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  const name = stringAt(object.metadata, 'name');
  const namespace = stringAt(object.metadata, 'namespace');
  const version = ctx?.operatorVersion;

  setDefault(spec, 'replicas', 1);
  defaultCredentials(spec, name);
  setDefault(spec, 'port', 3306);
  if (name !== undefined && spec.myCnf !== undefined && spec.myCnf !== null) {
    setDefault(spec, 'myCnfConfigMapKeyRef', { name: `${name}-config`, key: 'my.cnf' });
  }
  defaultInitialUser(spec, name);
  defaultMetrics(spec, name);
  // TLS is on unless the MariaDB says otherwise (both releases): the operator issues the certificates.
  if (spec.tls === undefined || spec.tls === null) spec.tls = { enabled: true };

  // 25.10: the operator points maxScaleRef at the MaxScale it creates for spec.maxScale (26.x has no spec.maxScale);
  // mariadb/maxscale-ref-conflict accepts exactly this ref.
  if (version !== '26.6' && name !== undefined && isTrue(spec.maxScale, 'enabled') && (spec.maxScaleRef === undefined || spec.maxScaleRef === null)) {
    spec.maxScaleRef = namespace !== undefined ? { name: embeddedMaxScaleName(name), namespace } : { name: embeddedMaxScaleName(name) };
  }
  // The embedded spec.maxScale (25.10) gets the defaults of the MaxScale the operator builds from it.
  if (version !== '26.6') defaultEmbeddedMaxScale(object);

  if (isTrue(spec.galera, 'enabled')) defaultGalera(spec.galera as JsonObject, name);
  if (isTrue(spec.replication, 'enabled')) defaultReplication(spec.replication as JsonObject, name);
  const bootstrapFrom = objectAt(spec, 'bootstrapFrom');
  if (bootstrapFrom) defaultBootstrapFrom(bootstrapFrom, name, version);

  const strategy = spec.updateStrategy;
  if (strategy === undefined || strategy === null || (isObject(strategy) && isEmpty(strategy)))
    spec.updateStrategy = { type: 'ReplicasFirstPrimaryLast', autoUpdateDataPlane: false };
  // Unset storage is the operator's empty Storage, defaulted like any other; a null or mistyped one is the schema's.
  if (spec.storage === undefined) spec.storage = {};
  const storage = objectAt(spec, 'storage');
  if (storage) defaultStorage(storage);
  defaultPodTemplate(spec, name);
}

/** The root password: a generated `<name>-root` Secret, unless the root password is meant to be empty. */
function defaultCredentials(spec: JsonObject, name: string | undefined): void {
  setDefault(spec, 'rootEmptyPassword', false);
  if (name !== undefined && spec.rootEmptyPassword !== true && isEmpty(spec.rootPasswordSecretKeyRef)) {
    spec.rootPasswordSecretKeyRef = generatedSecret(`${name}-root`);
  }
}

/** The initial user's password: a generated `<name>-password` Secret, unless a password, hash or plugin is given. */
function defaultInitialUser(spec: JsonObject, name: string | undefined): void {
  const given = (key: string) => spec[key] !== undefined && spec[key] !== null;
  if (name === undefined || typeof spec.username !== 'string') return;
  if (given('passwordSecretKeyRef') || given('passwordHashSecretKeyRef') || given('passwordPlugin')) return;
  spec.passwordSecretKeyRef = generatedSecret(`${name}-password`);
}

/** The exporter's port and affinity, and the metrics user with its generated `<name>-metrics-password` Secret. */
function defaultMetrics(spec: JsonObject, name: string | undefined): void {
  if (!isTrue(spec.metrics, 'enabled')) return;
  const metrics = spec.metrics as JsonObject;
  const exporter = childToDefault(metrics, 'exporter');
  if (exporter) {
    setWhenEmpty(exporter, 'port', 9104);
    const affinity = objectAt(exporter, 'affinity');
    if (affinity) defaultAffinity(affinity, name);
  }
  if (name === undefined) return;
  setWhenEmpty(metrics, 'username', `${name}-metrics`);
  setWhenEmpty(metrics, 'passwordSecretKeyRef', generatedSecret(`${name}-metrics-password`));
}

/** Anti-affinity on: Pods of this MariaDB (app.kubernetes.io/instance) go to different nodes. */
function defaultAffinity(affinity: JsonObject, name: string | undefined): void {
  if (name === undefined || affinity.antiAffinityEnabled !== true) return;
  if (affinity.podAntiAffinity !== undefined && affinity.podAntiAffinity !== null) return;
  affinity.podAntiAffinity = {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: [name] }] },
        topologyKey: 'kubernetes.io/hostname',
      },
    ],
  };
}

/** The Pods' Service account (one named after the MariaDB, which the operator creates) and affinity. */
function defaultPodTemplate(spec: JsonObject, name: string | undefined): void {
  if (name !== undefined) setDefault(spec, 'serviceAccountName', name);
  const affinity = objectAt(spec, 'affinity');
  if (affinity) defaultAffinity(affinity, name);
}

/** The agent's ports and shutdown timeout, and basic auth's user and generated `<name>-agent-auth` Secret when basic auth is on. */
function defaultAgent(parent: JsonObject, name: string | undefined): void {
  const agent = childToDefault(parent, 'agent');
  if (!agent) return;
  setWhenEmpty(agent, 'port', 5555);
  setWhenEmpty(agent, 'probePort', 5566);
  // Which auth is turned on when neither is set depends on the operator's watch scope: left to the operator.
  const basicAuth = objectAt(agent, 'basicAuth');
  if (basicAuth && basicAuth.enabled === true) {
    setWhenEmpty(basicAuth, 'username', 'mariadb-operator');
    if (name !== undefined) setWhenEmpty(basicAuth, 'passwordSecretKeyRef', generatedSecret(`${name}-agent-auth`));
  }
  setDefault(agent, 'gracefulShutdownTimeout', '1s');
}

const GALERA_RECOVERY: ReadonlyArray<[string, unknown]> = [
  ['minClusterSize', 1],
  ['clusterMonitorInterval', '10s'],
  ['clusterHealthyTimeout', '30s'],
  ['clusterBootstrapTimeout', '10m0s'],
  ['clusterUpscaleTimeout', '5m0s'],
  ['clusterDownscaleTimeout', '5m0s'],
  ['podRecoveryTimeout', '5m0s'],
  ['podSyncTimeout', '5m0s'],
];

function defaultGalera(galera: JsonObject, name: string | undefined): void {
  setWhenEmpty(galera, 'sst', 'mariabackup');
  setDefault(galera, 'availableWhenDonor', false);
  setWhenEmpty(galera, 'replicaThreads', 1);
  const primary = childToDefault(galera, 'primary');
  if (primary) {
    setDefault(primary, 'podIndex', 0);
    setDefault(primary, 'autoFailover', true);
  }
  defaultAgent(galera, name);
  const config = childToDefault(galera, 'config');
  if (config) {
    setDefault(config, 'reuseStorageVolume', false);
    // A small claim of its own for the Galera configuration files, shared by the init container, agent and server.
    if (config.reuseStorageVolume !== true && (config.volumeClaimTemplate === undefined || config.volumeClaimTemplate === null)) {
      config.volumeClaimTemplate = { resources: { requests: { storage: '100Mi' } }, accessModes: ['ReadWriteOnce'] };
    }
  }
  if (galera.recovery === undefined || galera.recovery === null) galera.recovery = { enabled: true };
  const recovery = objectAt(galera, 'recovery');
  if (recovery?.enabled === true) for (const [key, value] of GALERA_RECOVERY) setDefault(recovery, key, value);
}

function defaultReplication(replication: JsonObject, name: string | undefined): void {
  const primary = childToDefault(replication, 'primary');
  if (primary) {
    setDefault(primary, 'podIndex', 0);
    setDefault(primary, 'autoFailover', true);
    setDefault(primary, 'autoFailoverDelay', '0s');
  }
  const replica = childToDefault(replication, 'replica');
  if (replica) {
    if (name !== undefined) setDefault(replica, 'replPasswordSecretKeyRef', generatedSecret(`${name}-repl-password`));
    setDefault(replica, 'gtid', 'CurrentPos');
    setDefault(replica, 'syncTimeout', '10s');
  }
  setDefault(replication, 'gtidStrictMode', true);
  setDefault(replication, 'semiSyncEnabled', true);
  setDefault(replication, 'standaloneProbes', false);
  defaultAgent(replication, name);
}

/**
 * The content type of the backup a MariaDB is bootstrapped from (Logical unless a PhysicalBackup or a
 * VolumeSnapshot says Physical), and the staging volume a physical backup from object storage (or, 26.6, a
 * point-in-time recovery) is copied to: the staging PVC, the given volume, or an emptyDir.
 */
function defaultBootstrapFrom(bootstrapFrom: JsonObject, name: string | undefined, version: string | undefined): void {
  const v26 = version === '26.6';
  const stagingVolume = (pvcName: string) => {
    const staging = objectAt(bootstrapFrom, 'stagingStorage');
    if (staging?.persistentVolumeClaim !== undefined && staging.persistentVolumeClaim !== null) return { persistentVolumeClaim: { claimName: pvcName } };
    if (staging?.volume !== undefined && staging.volume !== null) return structuredClone(staging.volume);
    return { emptyDir: {} };
  };
  const given = (key: string) => bootstrapFrom[key] !== undefined && bootstrapFrom[key] !== null;
  if (v26 && given('pointInTimeRecoveryRef')) {
    if (name !== undefined) bootstrapFrom.volume = stagingVolume(`${name}-bootstrap-staging`);
    return;
  }
  if (isEmpty(bootstrapFrom.backupContentType)) {
    const kind = stringAt(objectAt(bootstrapFrom, 'backupRef'), 'kind');
    if (given('backupRef') && kind === 'Backup') bootstrapFrom.backupContentType = 'Logical';
    else if (given('backupRef') && kind === 'PhysicalBackup') bootstrapFrom.backupContentType = 'Physical';
  }
  if (given('volumeSnapshotRef')) setWhenEmpty(bootstrapFrom, 'backupContentType', 'Physical');
  setWhenEmpty(bootstrapFrom, 'backupContentType', 'Logical');
  const fromObjectStorage = given('s3') || (v26 && given('azureBlob'));
  if (name !== undefined && bootstrapFrom.backupContentType === 'Physical' && fromObjectStorage) {
    bootstrapFrom.volume = stagingVolume(v26 ? `${name}-bootstrap-staging` : `${name}-physicalbackup-staging`);
  }
}

/**
 * Persistent storage by default, resizable in use and waited for; the claim template follows spec.storage.size
 * (and storageClassName): the operator rebuilds it whenever its request differs from the size.
 */
function defaultStorage(storage: JsonObject): void {
  setDefault(storage, 'ephemeral', false);
  if (storage.ephemeral !== true) {
    setDefault(storage, 'resizeInUseVolumes', true);
    setDefault(storage, 'waitForVolumeResize', true);
  }
  if (claimTemplateFollowsSize(storage)) {
    const template: JsonObject = { resources: { requests: { storage: storage.size } }, accessModes: ['ReadWriteOnce'] };
    if (typeof storage.storageClassName === 'string' && storage.storageClassName !== '') template.storageClassName = storage.storageClassName;
    storage.volumeClaimTemplate = template;
  }
}

function claimTemplateFollowsSize(storage: JsonObject): boolean {
  // An ephemeral storage with a size is refused by the operator's webhook (mariadb/ephemeral-storage-with-size); a
  // claim template built from that size would only repeat the mistake in a field the user never wrote.
  if (storage.size === undefined || storage.size === null || storage.ephemeral === true) return false;
  // A size that is no quantity is the schema's finding; copied into a claim template it would be reported twice.
  if (parseQuantity(storage.size) === undefined) return false;
  const template = storage.volumeClaimTemplate;
  if (template === undefined || template === null) return true;
  if (!isObject(template)) return false;
  const request = objectAt(objectAt(template, 'resources'), 'requests')?.storage;
  if (request === undefined || request === null) return true;
  const order = compareQuantities(storage.size, request);
  // A size that does not parse is the schema's finding, and a size below the template's request one the operator's
  // webhook refuses ("storage size cannot be decreased"): the template is left as written, for the rules to report.
  if (order === undefined || order === -1) return false;
  if (order === 1) return true;
  const storageClass = typeof storage.storageClassName === 'string' ? storage.storageClassName : '';
  return storageClass !== '' && storageClass !== (stringAt(template, 'storageClassName') ?? '');
}

// What the backup family (Backup, Restore, PhysicalBackup, PointInTimeRecovery) shares: how the operator tells a
// set field from an unset one, its compression names, its durations as it writes them back, and the volumes and
// pod settings its SetDefaults fill in (api/v1alpha1/*_types.go of the mariadb-operator).
import { ensureObject, isObject, objectAt, setDefault, type JsonObject } from '../object-fields.js';

/** Set, as a Go pointer is non-nil: present and not null (an empty object counts). */
export function isSet(parent: unknown, key: string): boolean {
  return isObject(parent) && parent[key] !== undefined && parent[key] !== null;
}

/** CompressAlgorithm.Validate: the empty string means none. */
export const COMPRESSIONS = ['none', 'bzip2', 'gzip'] as const;

// metav1.Duration is written back as Go prints a time.Duration: 30 days is "720h0m0s".
export const THIRTY_DAYS = '720h0m0s';
export const ONE_HOUR = '1h0m0s';

/** The operator's retry count for backup and restore Jobs when spec.backoffLimit is 0 or unset. */
export const BACKOFF_LIMIT = 5;

/** `backoffLimit: 0` means unset to the operator (a Go int32's zero value), so it is replaced too. */
export function defaultBackoffLimit(spec: JsonObject): void {
  if (spec.backoffLimit === undefined || spec.backoffLimit === 0) spec.backoffLimit = BACKOFF_LIMIT;
}

/** The ServiceAccount the Jobs run as: the object's own name, created by the operator. */
export function defaultServiceAccount(spec: JsonObject, name: string | undefined): void {
  if (name !== undefined) setDefault(spec, 'serviceAccountName', name);
}

/**
 * StagingStorage.VolumeOrEmptyDir: where S3 backups are staged, the `<name>-staging` claim the operator creates
 * from spec.stagingStorage.persistentVolumeClaim, the volume given, or an emptyDir on the Job's node.
 */
export function stagingVolume(name: string, staging: JsonObject | undefined): JsonObject {
  if (isSet(staging, 'persistentVolumeClaim')) return { persistentVolumeClaim: { claimName: `${name}-staging` } };
  const volume = objectAt(staging, 'volume');
  if (volume) return structuredClone(volume);
  return { emptyDir: {} };
}

/**
 * AffinityConfig.SetDefaults: with spec.affinity.antiAffinityEnabled and no podAntiAffinity of its own, the Job
 * keeps off the nodes of the MariaDB's pods (app.kubernetes.io/instance=<mariadb>).
 */
export function defaultAntiAffinity(spec: JsonObject, mariadb: string | undefined): void {
  const affinity = objectAt(spec, 'affinity');
  if (!affinity || affinity.antiAffinityEnabled !== true || isSet(affinity, 'podAntiAffinity') || !mariadb) return;
  ensureObject(affinity, 'podAntiAffinity').requiredDuringSchedulingIgnoredDuringExecution = [
    {
      labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: [mariadb] }] },
      topologyKey: 'kubernetes.io/hostname',
    },
  ];
}

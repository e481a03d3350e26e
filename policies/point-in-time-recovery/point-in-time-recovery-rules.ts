// What the mariadb-operator checks on a PointInTimeRecovery (PointInTimeRecovery.Validate): binary logs are
// archived to exactly one of S3 and Azure Blob Storage. Its base backup, spec.physicalBackupRef, must exist.
import { localReferenceNotFoundRule } from '../backup/referenced-database.js';
import { storageTypesRule } from '../backup/storage-types-rule.js';
import { POINT_IN_TIME_RECOVERY } from './point-in-time-recovery-kind.js';

export const pitrStorage = storageTypesRule({
  id: 'pointintimerecovery/storage-exactly-one',
  kinds: [POINT_IN_TIME_RECOVERY],
  what: 'spec.storage of a PointInTimeRecovery sets neither, or both, of s3 and azureBlob.',
  why: "The operator's webhook refuses it: binary logs are archived to exactly one object store.",
  fix: 'Keep exactly one of spec.storage.s3 and spec.storage.azureBlob.',
  types: () => ['s3', 'azureBlob'],
});

export const pitrPhysicalBackupNotFound = localReferenceNotFoundRule({
  id: 'pointintimerecovery/physical-backup-not-found',
  kinds: [POINT_IN_TIME_RECOVERY],
  path: 'spec.physicalBackupRef',
  targetKind: 'PhysicalBackup',
  what: 'spec.physicalBackupRef of a PointInTimeRecovery names a PhysicalBackup that does not exist in its namespace (in the cluster, or among the linted files).',
  why: 'Binary logs are replayed on top of that base backup: without it there is nothing to recover to a point in time.',
  fix: "Create the PhysicalBackup, or fix spec.physicalBackupRef.name (a PhysicalBackup in the PointInTimeRecovery's namespace).",
});

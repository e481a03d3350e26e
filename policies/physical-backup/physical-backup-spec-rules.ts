// What the mariadb-operator's webhook checks on every PhysicalBackup (PhysicalBackup.Validate): a target it knows
// (26.x), a schedule its cron parser reads, exactly one storage, a compression it knows, and staging storage only
// for S3. Its further check, no s3 or volume beside a volumeSnapshot, can only fail when two storages are set, so
// physicalbackup/storage-exactly-one reports it.
import { stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { compressionRule } from '../backup/compression-rule.js';
import { scheduleCronRule, scheduleNeverRunsRule } from '../backup/schedule-cron-rule.js';
import { stagingStorageRule } from '../backup/staging-storage-rule.js';
import { storageTypesRule } from '../backup/storage-types-rule.js';
import { PHYSICAL_BACKUP } from './physical-backup-kind.js';

export const PHYSICAL_BACKUP_TARGETS = ['Replica', 'PreferReplica'] as const;

export const physicalBackupTarget = defineRule({
  id: 'physicalbackup/target-invalid',
  kinds: [PHYSICAL_BACKUP],
  severity: 'error',
  reason: 'FieldValueNotSupported',
  what: 'spec.target of a PhysicalBackup is not Replica or PreferReplica (operator 26.x).',
  why: "The operator's webhook refuses it: it takes physical backups only in a ready replica, or preferably in one.",
  fix: 'Set spec.target to Replica (only replicas) or PreferReplica (the primary when no replica is ready), or leave it unset for Replica.',
  check({ spec, ctx, at }) {
    // Operator 25.10 has no spec.target: the schema reports the unknown field.
    if (ctx.operatorVersion === '25.10') return { skipped: 'operator 25.10 has no spec.target' };
    const target = stringAt(spec, 'target');
    if (target === undefined || (PHYSICAL_BACKUP_TARGETS as readonly string[]).includes(target)) return [];
    return [at('spec.target', `Unsupported value: ${JSON.stringify(target)}: supported values: "Replica", "PreferReplica"`)];
  },
});

export const physicalBackupScheduleCron = scheduleCronRule('physicalbackup/schedule-cron-invalid', [PHYSICAL_BACKUP], 'PhysicalBackup', true);

export const physicalBackupScheduleNeverRuns = scheduleNeverRunsRule('physicalbackup/schedule-never-runs', [PHYSICAL_BACKUP], 'PhysicalBackup');

/** The storage types of PhysicalBackupStorage: azureBlob came with operator 26.x. */
export function physicalBackupStorageTypes(operatorVersion: string | undefined): readonly string[] {
  const types = ['s3', 'persistentVolumeClaim', 'volume', 'volumeSnapshot'];
  return operatorVersion === '25.10' ? types : ['s3', 'azureBlob', 'persistentVolumeClaim', 'volume', 'volumeSnapshot'];
}

export const physicalBackupStorage = storageTypesRule({
  id: 'physicalbackup/storage-exactly-one',
  kinds: [PHYSICAL_BACKUP],
  what: 'spec.storage of a PhysicalBackup sets none, or more than one, of s3, azureBlob (26.x), persistentVolumeClaim, volume and volumeSnapshot.',
  why: "The operator's webhook refuses it: a physical backup goes to exactly one place, and a VolumeSnapshot takes no s3 or volume beside it.",
  fix: 'Keep exactly one of spec.storage.s3, azureBlob, persistentVolumeClaim, volume or volumeSnapshot.',
  types: physicalBackupStorageTypes,
});

export const physicalBackupCompression = compressionRule('physicalbackup/compression-invalid', [PHYSICAL_BACKUP], 'PhysicalBackup');

export const physicalBackupStagingStorage = stagingStorageRule(
  'physicalbackup/staging-storage-requires-s3',
  [PHYSICAL_BACKUP],
  'PhysicalBackup',
  'spec.storage.s3',
);

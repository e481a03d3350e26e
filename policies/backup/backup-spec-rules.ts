// What the mariadb-operator's webhook checks on every Backup (Backup.Validate): a schedule its cron parser reads,
// exactly one storage, a compression it knows, and staging storage only for S3.
import { BACKUP } from './backup-kind.js';
import { compressionRule } from './compression-rule.js';
import { scheduleCronRule, scheduleNeverRunsRule } from './schedule-cron-rule.js';
import { stagingStorageRule } from './staging-storage-rule.js';
import { storageTypesRule } from './storage-types-rule.js';

export const BACKUP_STORAGE_TYPES = ['s3', 'persistentVolumeClaim', 'volume'] as const;

export const backupScheduleCron = scheduleCronRule('backup/schedule-cron-invalid', [BACKUP], 'Backup', false);

export const backupScheduleNeverRuns = scheduleNeverRunsRule('backup/schedule-never-runs', [BACKUP], 'Backup');

export const backupStorageTypes = storageTypesRule({
  id: 'backup/storage-exactly-one',
  kinds: [BACKUP],
  what: 'spec.storage of a Backup sets none, or more than one, of s3, persistentVolumeClaim and volume.',
  why: "The operator's webhook refuses it: the backup Job writes to exactly one place.",
  fix: 'Keep exactly one of spec.storage.s3, spec.storage.persistentVolumeClaim or spec.storage.volume.',
  types: () => BACKUP_STORAGE_TYPES,
});

export const backupCompression = compressionRule('backup/compression-invalid', [BACKUP], 'Backup');

export const backupStagingStorage = stagingStorageRule('backup/staging-storage-requires-s3', [BACKUP], 'Backup', 'spec.storage.s3');

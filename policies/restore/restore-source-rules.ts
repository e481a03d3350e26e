// What the mariadb-operator's webhook checks on every Restore (RestoreSource.Validate): something to restore
// from, and staging storage only for a backup fetched from S3.
import { defineRule } from '../rule.js';
import { isSet } from '../backup/backup-fields.js';
import { stagingStorageRule } from '../backup/staging-storage-rule.js';
import { RESTORE } from './restore-kind.js';

export const restoreSourceRequired = defineRule({
  id: 'restore/source-required',
  kinds: [RESTORE],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'A Restore with none of spec.backupRef, spec.s3 and spec.volume.',
  why: "The operator's webhook refuses it: there is no backup to restore from.",
  fix: 'Set spec.backupRef.name to the Backup to restore, or point spec.s3 or spec.volume at the backup files.',
  check({ spec, at }) {
    if (['backupRef', 's3', 'volume'].some((key) => isSet(spec, key))) return [];
    return [at('spec', 'Required value: set spec.backupRef to a Backup, or spec.s3 or spec.volume to where the backup files are')];
  },
});

export const restoreStagingStorage = stagingStorageRule('restore/staging-storage-requires-s3', [RESTORE], 'Restore', 'spec.s3');

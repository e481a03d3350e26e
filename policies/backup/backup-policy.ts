// The Backup kind's policy: the operator's defaults and webhook checks, and the database it reads through
// spec.mariaDbRef.
import { definePolicy } from '../kind-policy.js';
import { defaultBackup } from './backup-defaults.js';
import { BACKUP } from './backup-kind.js';
import { backupMariadbNotFound, backupReferenceUnresolved } from './backup-reference-rules.js';
import { backupScheduleTimeZonePrefix, backupTimeZoneUnknown } from './backup-cronjob-rules.js';
import { backupCompression, backupScheduleCron, backupScheduleNeverRuns, backupStagingStorage, backupStorageTypes } from './backup-spec-rules.js';
import { backupImmutable } from './backup-update-rules.js';

export const backupPolicy = definePolicy({
  ...BACKUP,
  defaults: defaultBackup,
  rules: [
    backupScheduleCron,
    backupScheduleNeverRuns,
    backupScheduleTimeZonePrefix,
    backupTimeZoneUnknown,
    backupStorageTypes,
    backupCompression,
    backupStagingStorage,
    backupImmutable,
    backupMariadbNotFound,
    backupReferenceUnresolved,
  ],
  references: [
    {
      kind: 'MariaDB',
      group: 'own',
      why: 'spec.ignoreGlobalPriv is defaulted from whether the MariaDB of spec.mariaDbRef runs Galera, whose existence is checked',
      watched: true,
    },
    {
      kind: 'ExternalMariaDB',
      group: 'own',
      why: 'a spec.mariaDbRef of kind ExternalMariaDB is checked to exist',
      watched: true,
    },
  ],
});

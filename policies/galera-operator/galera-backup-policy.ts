// The GaleraBackup kind's policy: no defaults (the operator documents none, so the webhook sends no patch), its
// rules, and the Secrets whose keys it checks.
import { definePolicy } from '../kind-policy.js';
import { backupCredentialsMissing } from './galera-backup-method-rules.js';
import { GALERA_BACKUP } from './galera-backup-kind.js';
import { backupScheduleIgnored, backupScheduleInvalid } from './galera-backup-schedule-rules.js';
import { plaintextCredential } from './galera-credential-rules.js';
import { referenceMissingKeys } from './galera-reference-rules.js';
import { s3EndpointInvalid, s3SettingsIncomplete } from './galera-s3-rules.js';

export const galeraBackupPolicy = definePolicy({
  ...GALERA_BACKUP,
  rules: [
    backupScheduleInvalid,
    backupScheduleIgnored,
    backupCredentialsMissing,
    s3SettingsIncomplete,
    plaintextCredential,
    s3EndpointInvalid,
    referenceMissingKeys,
  ],
  references: [
    {
      kind: 'Secret',
      group: '',
      why: 'mariabackup.credentialsBackup and s3.credentialsSecret must have the keys mariabackup and the backup sidecar read',
      watched: false,
    },
  ],
});

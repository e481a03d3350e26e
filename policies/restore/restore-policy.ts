// The Restore kind's policy: the operator's defaults and webhook checks, and the MariaDB and Backup it reads.
import { definePolicy } from '../kind-policy.js';
import { defaultRestore } from './restore-defaults.js';
import { RESTORE } from './restore-kind.js';
import { restoreBackupNotFound, restoreMariadbNotFound } from './restore-reference-rules.js';
import { restoreSourceRequired, restoreStagingStorage } from './restore-source-rules.js';
import { restoreImmutable } from './restore-update-rules.js';

export const restorePolicy = definePolicy({
  ...RESTORE,
  defaults: defaultRestore,
  rules: [restoreSourceRequired, restoreStagingStorage, restoreImmutable, restoreMariadbNotFound, restoreBackupNotFound],
  references: [
    { kind: 'MariaDB', group: 'own', why: 'the MariaDB of spec.mariaDbRef is checked to exist', watched: true },
    { kind: 'Backup', group: 'own', why: 'the Backup of spec.backupRef is checked to exist when the Restore takes its files from it', watched: true },
  ],
});

// A GaleraBackup's method settings: with backupMethodType mariabackup the operator dereferences
// mariabackup.credentialsBackup without checking it, and stops when it is missing.
// The operator's controller: https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/controllers/backup/backup_galera_control.go
import { isObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { GALERA_BACKUP } from './galera-backup-kind.js';

export const backupCredentialsMissing = defineRule({
  id: 'galera/backup-credentials-missing',
  kinds: [GALERA_BACKUP],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'backupMethodType is mariabackup but mariabackup.credentialsBackup is missing.',
  why: 'mariabackup logs in to the database with that account; the operator dereferences the setting without checking it and stops.',
  fix: 'Set mariabackup.credentialsBackup.name to a Secret with user and password of an account with RELOAD, PROCESS, LOCK TABLES and REPLICATION CLIENT.',
  check({ spec, at }) {
    if (spec.backupMethodType !== 'mariabackup') return [];
    const block = spec.mariabackup;
    if (block === undefined || block === null) {
      return [
        at(
          'spec.mariabackup',
          'Required value: backupMethodType mariabackup needs mariabackup.credentialsBackup, the Secret with user and password of the account mariabackup logs in with',
        ),
      ];
    }
    // Mistyped: the schema's finding.
    if (!isObject(block) || (block.credentialsBackup !== undefined && block.credentialsBackup !== null)) return [];
    return [
      at(
        'spec.mariabackup.credentialsBackup',
        'Required value: set mariabackup.credentialsBackup.name to the Secret with user and password of the account mariabackup logs in with',
      ),
    ];
  },
});

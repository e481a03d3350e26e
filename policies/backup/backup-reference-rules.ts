// The database a Backup dumps: spec.mariaDbRef names a MariaDB or (kind: ExternalMariaDB) a server the operator
// does not run; the operator follows the kind. Its Galera setting decides spec.ignoreGlobalPriv's default.
import { defineRule } from '../rule.js';
import { BACKUP } from './backup-kind.js';
import { databaseNotFoundRule } from './referenced-database.js';

export const backupMariadbNotFound = databaseNotFoundRule('backup/mariadb-not-found', [BACKUP], 'Backup', 'by-ref-kind');

/** Reported by the defaults, which could not read the MariaDB to default spec.ignoreGlobalPriv. */
export const backupReferenceUnresolved = defineRule({
  id: 'backup/reference-unresolved',
  kinds: [BACKUP],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  reportedBy: 'defaults',
  what: "The MariaDB of a Backup's spec.mariaDbRef could not be looked up, so spec.ignoreGlobalPriv was not defaulted.",
  why: 'The operator defaults it later (true for a Galera MariaDB, whose mysql.global_priv cannot be restored); until then the stored spec does not show it.',
  fix: 'Nothing to do if the MariaDB exists. When linting, lint it in the same run; or set spec.ignoreGlobalPriv yourself.',
});

// What a Restore reads: the MariaDB of spec.mariaDbRef (always a MariaDB: the operator does not restore into an
// ExternalMariaDB), and the Backup of spec.backupRef, which the operator looks up only when neither spec.s3 nor
// spec.volume says where the files are.
import { isSet } from '../backup/backup-fields.js';
import { databaseNotFoundRule, localReferenceNotFoundRule } from '../backup/referenced-database.js';
import { RESTORE } from './restore-kind.js';

export const restoreMariadbNotFound = databaseNotFoundRule('restore/mariadb-not-found', [RESTORE], 'Restore', 'always-mariadb');

export const restoreBackupNotFound = localReferenceNotFoundRule({
  id: 'restore/backup-not-found',
  kinds: [RESTORE],
  path: 'spec.backupRef',
  targetKind: 'Backup',
  what: 'spec.backupRef of a Restore names a Backup that does not exist in its namespace (in the cluster, or among the linted files).',
  why: 'The operator takes the backup files from that Backup: the Restore fails until it exists and has completed.',
  fix: "Create the Backup first, or fix spec.backupRef.name (a Backup in the Restore's namespace), or give spec.s3 or spec.volume instead.",
  unused: (spec) => (isSet(spec, 's3') || isSet(spec, 'volume') ? 'spec.s3 or spec.volume gives the backup files: spec.backupRef is not read' : undefined),
});

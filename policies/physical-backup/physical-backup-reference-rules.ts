// The MariaDB a PhysicalBackup copies: the operator resolves spec.mariaDbRef as a MariaDB it runs (physical
// backups need its pods and volumes), whatever the reference's kind says.
import { databaseNotFoundRule } from '../backup/referenced-database.js';
import { PHYSICAL_BACKUP } from './physical-backup-kind.js';

export const physicalBackupMariadbNotFound = databaseNotFoundRule('physicalbackup/mariadb-not-found', [PHYSICAL_BACKUP], 'PhysicalBackup', 'always-mariadb');

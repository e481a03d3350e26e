// The PhysicalBackup kind of the MariaDB operators (mariadb-backup or VolumeSnapshots), as its rules and policy
// name it: the operators' policy group, whichever groups and operator versions serve it.
import type { KindRef } from '../rule.js';

export const PHYSICAL_BACKUP: KindRef = { group: 'enterprise.mariadb.com', kind: 'PhysicalBackup' };

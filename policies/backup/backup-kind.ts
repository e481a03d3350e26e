// The Backup kind of the MariaDB operators (logical backups with mariadb-dump), as its rules and policy name it:
// the operators' policy group (schemas/operator-versions.json), whichever groups and operator versions serve it.
import type { KindRef } from '../rule.js';

export const BACKUP: KindRef = { group: 'enterprise.mariadb.com', kind: 'Backup' };

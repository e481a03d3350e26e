// The Restore kind of the MariaDB operators (a logical backup replayed into a MariaDB), as its rules and policy
// name it: the operators' policy group, whichever groups and operator versions serve it.
import type { KindRef } from '../rule.js';

export const RESTORE: KindRef = { group: 'enterprise.mariadb.com', kind: 'Restore' };

// The Grant kind of the MariaDB operators, as its rules and policy name it (the operators' policy group).
import type { KindRef } from '../rule.js';

export const GRANT: KindRef = { group: 'enterprise.mariadb.com', kind: 'Grant' };

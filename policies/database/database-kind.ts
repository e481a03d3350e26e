// The Database kind of the MariaDB operators, as its rules and policy name it (the operators' policy group).
import type { KindRef } from '../rule.js';

export const DATABASE: KindRef = { group: 'enterprise.mariadb.com', kind: 'Database' };

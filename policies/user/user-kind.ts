// The User kind of the MariaDB operators, as its rules and policy name it (the operators' policy group).
import type { KindRef } from '../rule.js';

export const USER: KindRef = { group: 'enterprise.mariadb.com', kind: 'User' };

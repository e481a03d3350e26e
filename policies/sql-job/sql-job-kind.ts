// The SqlJob kind of the MariaDB operators, as its rules and policy name it (the operators' policy group).
import type { KindRef } from '../rule.js';

export const SQL_JOB: KindRef = { group: 'enterprise.mariadb.com', kind: 'SqlJob' };

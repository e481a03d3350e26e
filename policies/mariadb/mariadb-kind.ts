// The MariaDB kind of the MariaDB operators, as its rules and policy name it: the operators' policy group
// (schemas/operator-versions.json), whichever groups and operator versions serve it. Not KubeDB's MariaDB, which has a group and policy of its own.
import type { KindRef } from '../rule.js';

export const MARIADB: KindRef = { group: 'enterprise.mariadb.com', kind: 'MariaDB' };

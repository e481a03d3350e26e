// The MariaDB kind of the MariaDB operators, as its rules and policy name it (schemas/enterprise.mariadb.com/;
// the same shape is served in k8s.mariadb.com). Not KubeDB's MariaDB, which has a group and policy of its own.
import type { KindRef } from '../rule.js';

export const MARIADB: KindRef = { group: 'enterprise.mariadb.com', kind: 'MariaDB' };

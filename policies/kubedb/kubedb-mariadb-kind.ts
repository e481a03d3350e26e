// KubeDB's MariaDB (schemas/kubedb.com/), as its rules and policy name it. Keyed by group, so the policy
// never answers for the MariaDB operators' MariaDB, which has the same kind name.
import type { KindRef } from '../rule.js';

export const KUBEDB_MARIADB: KindRef = { group: 'kubedb.com', kind: 'MariaDB' };

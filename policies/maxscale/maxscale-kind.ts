// The MaxScale kind of the MariaDB operators, as its rules and policy name it (schemas/enterprise.mariadb.com/;
// the same shape is served in k8s.mariadb.com).
import type { KindRef } from '../rule.js';

export const MAXSCALE: KindRef = { group: 'enterprise.mariadb.com', kind: 'MaxScale' };

// The MaxScale kind of the MariaDB operators, as its rules and policy name it: the operators' policy group
// (schemas/operator-versions.json), whichever groups and operator versions serve it.
import type { KindRef } from '../rule.js';

export const MAXSCALE: KindRef = { group: 'enterprise.mariadb.com', kind: 'MaxScale' };

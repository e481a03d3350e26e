// The MariaDB kind's policy: defaults from mariadb-defaults, findings from mariadb-rules.
import type { KindPolicy } from '../kind-policy.js';
import { defaultMariaDB } from './mariadb-defaults.js';
import { mariadbFindings } from './mariadb-rules.js';

export const mariadbPolicy: KindPolicy = {
  group: 'enterprise.mariadb.com',
  kind: 'MariaDB',
  async default(object) {
    return { object: defaultMariaDB(object), warnings: [] };
  },
  async validate(object, ctx) {
    return mariadbFindings(object, ctx);
  },
};

// The KubeDB MariaDB kind's policy (kubedb.com/v1): defaults from kubedb-mariadb-defaults, findings from
// kubedb-mariadb-rules. Keyed by group, so it never answers for the MariaDB operators' MariaDB.
import type { KindPolicy } from '../kind-policy.js';
import { defaultKubeDBMariaDB } from './kubedb-mariadb-defaults.js';
import { kubedbMariaDBFindings } from './kubedb-mariadb-rules.js';

export const kubedbMariaDBPolicy: KindPolicy = {
  group: 'kubedb.com',
  kind: 'MariaDB',
  async default(object) {
    return { object: defaultKubeDBMariaDB(object), warnings: [] };
  },
  async validate(object, ctx) {
    return kubedbMariaDBFindings(object, ctx);
  },
};

// The Grant kind's policy: the operator's Grant webhook as rules, its defaults, the MariaDB it runs in and the
// User whose account it grants to.
import { definePolicy } from '../kind-policy.js';
import { MARIADB_REFERENCES, mariadbRefNotFoundRule } from '../mariadb-ref-rule.js';
import { cleanupPolicyRule } from '../sql-cleanup-policy.js';
import { defaultGrant } from './grant-defaults.js';
import { GRANT } from './grant-kind.js';
import { immutable } from './grant-update-rules.js';
import { userNotFound } from './grant-user-rules.js';

export const grantPolicy = definePolicy({
  ...GRANT,
  defaults: defaultGrant,
  rules: [cleanupPolicyRule('grant', GRANT), immutable, mariadbRefNotFoundRule('grant', GRANT), userNotFound],
  references: [
    ...MARIADB_REFERENCES('Grant'),
    { kind: 'User', group: 'own', why: 'the User named by spec.username is checked to exist, in the same MariaDB and with the same host', watched: true },
  ],
});

// The User kind's policy: the operator's User webhook as rules, its defaults, and the MariaDB the account lives in.
import { definePolicy } from '../kind-policy.js';
import { MARIADB_REFERENCES, mariadbRefNotFoundRule } from '../mariadb-ref-rule.js';
import { cleanupPolicyRule } from '../sql-cleanup-policy.js';
import { defaultUser } from './user-defaults.js';
import { USER } from './user-kind.js';
import { passwordMethodsExclusive, pluginArgWithoutName } from './user-password-rules.js';
import { tlsRequirementsInvalid } from './user-tls-rules.js';
import { immutable } from './user-update-rules.js';

export const userPolicy = definePolicy({
  ...USER,
  defaults: defaultUser,
  rules: [
    pluginArgWithoutName,
    passwordMethodsExclusive,
    cleanupPolicyRule('user', USER),
    tlsRequirementsInvalid,
    immutable,
    mariadbRefNotFoundRule('user', USER),
  ],
  references: MARIADB_REFERENCES('User'),
});

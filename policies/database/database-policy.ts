// The Database kind's policy: the operator's Database webhook as rules, its defaults, and the MariaDB it is created in.
import { definePolicy } from '../kind-policy.js';
import { MARIADB_REFERENCES, mariadbRefNotFoundRule } from '../mariadb-ref-rule.js';
import { cleanupPolicyRule } from '../sql-cleanup-policy.js';
import { defaultDatabase } from './database-defaults.js';
import { DATABASE } from './database-kind.js';
import { immutable } from './database-update-rules.js';

export const databasePolicy = definePolicy({
  ...DATABASE,
  defaults: defaultDatabase,
  rules: [cleanupPolicyRule('database', DATABASE), immutable, mariadbRefNotFoundRule('database', DATABASE)],
  references: MARIADB_REFERENCES('Database'),
});

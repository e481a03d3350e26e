// The ExternalMariaDB kind's policy: a database server the operator does not run. The operator has no webhook
// for it; mdbkit applies its defaults, its immutable tags, and checks the Connection template it publishes.
import { definePolicy } from '../kind-policy.js';
import { connectionTemplateInvalid } from './external-mariadb-connection-rules.js';
import { defaultExternalMariaDB } from './external-mariadb-defaults.js';
import { EXTERNAL_MARIADB } from './external-mariadb-kind.js';
import { immutable } from './external-mariadb-update-rules.js';

export const externalMariaDBPolicy = definePolicy({
  ...EXTERNAL_MARIADB,
  defaults: defaultExternalMariaDB,
  rules: [connectionTemplateInvalid, immutable],
});

// The SqlJob kind's policy: the operator's SqlJob webhook as rules, its defaults, the MariaDB it runs in and the
// SqlJobs it waits for.
import { definePolicy } from '../kind-policy.js';
import { MARIADB_REFERENCES, mariadbRefNotFoundRule } from '../mariadb-ref-rule.js';
import { dependencyNotFound } from './sql-job-dependency-rules.js';
import { defaultSqlJob } from './sql-job-defaults.js';
import { SQL_JOB } from './sql-job-kind.js';
import { scheduleInvalid, sqlRequired } from './sql-job-rules.js';
import { immutable } from './sql-job-update-rules.js';

export const sqlJobPolicy = definePolicy({
  ...SQL_JOB,
  defaults: defaultSqlJob,
  rules: [sqlRequired, scheduleInvalid, immutable, mariadbRefNotFoundRule('sqljob', SQL_JOB), dependencyNotFound],
  references: [...MARIADB_REFERENCES('SqlJob'), { kind: 'SqlJob', group: 'own', why: 'the SqlJobs of spec.dependsOn are checked to exist', watched: true }],
});

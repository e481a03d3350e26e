// The operator's SqlJob webhook: a SqlJob needs SQL to run, inline (spec.sql) or from a ConfigMap
// (spec.sqlConfigMapKeyRef), and a schedule its cron parser accepts.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/sqljob_webhook.go
import { isObject, objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { operatorCronProblem } from '../operator-cron.js';
import { SQL_JOB } from './sql-job-kind.js';

export const sqlRequired = defineRule({
  id: 'sqljob/sql-required',
  kinds: [SQL_JOB],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'Neither spec.sql nor spec.sqlConfigMapKeyRef is set.',
  why: "The job would have nothing to run; the operator's SqlJob webhook refuses it.",
  fix: 'Set spec.sql to the SQL script, or spec.sqlConfigMapKeyRef to the ConfigMap key holding it.',
  check({ object, spec, at }) {
    if (!isObject(object.spec) || spec.sql !== undefined || spec.sqlConfigMapKeyRef !== undefined) return [];
    return [at('spec.sql', 'Required value: set spec.sql (the SQL script) or spec.sqlConfigMapKeyRef (a ConfigMap key holding it)')];
  },
});

export const scheduleInvalid = defineRule({
  id: 'sqljob/schedule-invalid',
  kinds: [SQL_JOB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: "spec.schedule.cron is not a five-field cron expression the operator's parser accepts.",
  why: "The operator's SqlJob webhook refuses the SqlJob; its parser takes no @daily-style descriptors, seconds, or weekday 7.",
  fix: 'Write minute hour day-of-month month day-of-week, e.g. "0 3 * * *" for 03:00 every day (weekdays 0-6, Sunday is 0).',
  noCelTwin: "follows robfig/cron's parser (ranges, steps, names, time zones), beyond what a CEL regular expression can say clearly",
  check({ spec, at }) {
    const cron = objectAt(spec, 'schedule')?.cron;
    if (typeof cron !== 'string') return [];
    const problem = operatorCronProblem(cron);
    if (!problem) return [];
    return [at('spec.schedule.cron', `Invalid value: ${JSON.stringify(cron)}: ${problem}`)];
  },
});

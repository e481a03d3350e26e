// Schedule.Validate and PhysicalBackupSchedule.Validate of the mariadb-operator: spec.schedule.cron must be read
// by its cron parser (five fields, no @daily; policies/backup/operator-cron.ts). A Backup's schedule needs a
// cron; a PhysicalBackup's may leave it empty (backups are then taken on demand or immediately).
import { objectAt, stringAt } from '../object-fields.js';
import { defineRule, type KindRef, type Rule } from '../rule.js';
import { operatorCronNeverRuns, operatorCronProblem } from '../operator-cron.js';

export function scheduleCronRule(id: string, kinds: readonly KindRef[], kindName: string, emptyAllowed: boolean): Rule {
  return defineRule({
    id,
    kinds,
    severity: 'error',
    reason: 'FieldValueInvalid',
    what: `spec.schedule.cron of a ${kindName} is not a schedule the operator's cron parser reads.`,
    why: "The operator's webhook refuses it: it reads exactly five fields, with weekdays 0-6 and no @daily-style descriptors or seconds.",
    fix: 'Write minute hour day-of-month month day-of-week, such as "0 2 * * *" for 02:00 every day (@daily is "0 0 * * *").',
    noCelTwin: 'reading a cron expression (ranges in order, names, steps, time zones) is beyond what a CEL rule can afford',
    check({ spec, at }) {
      const schedule = objectAt(spec, 'schedule');
      if (!schedule) return [];
      const cron = stringAt(schedule, 'cron');
      if (cron === undefined || cron === '') {
        if (emptyAllowed || (schedule.cron !== undefined && typeof schedule.cron !== 'string')) return [];
        return [at('spec.schedule.cron', 'Required value: a schedule needs a cron expression, such as "0 2 * * *" (02:00 every day); or remove spec.schedule')];
      }
      const problem = operatorCronProblem(cron);
      if (problem === undefined) return [];
      return [
        at(
          'spec.schedule.cron',
          `Invalid value: ${JSON.stringify(cron)}: ${problem}; write five fields, minute hour day-of-month month day-of-week, such as "0 2 * * *" (02:00 every day)`,
        ),
      ];
    },
  });
}

/** A schedule the operator accepts but whose next run never comes: no backup is ever taken. */
export function scheduleNeverRunsRule(id: string, kinds: readonly KindRef[], kindName: string): Rule {
  return defineRule({
    id,
    kinds,
    severity: 'warning',
    reason: 'FieldValueInvalid',
    what: `spec.schedule.cron of a ${kindName} names a day that never comes (30 February, say).`,
    why: 'The operator accepts it, and no backup is ever taken: found out only when one is needed.',
    fix: 'Choose a day of month that the chosen months have (1-28 fits every month), or give a weekday instead.',
    noCelTwin: 'a warning (a CEL rule can only refuse), and reading a cron expression is beyond CEL',
    check({ spec, at }) {
      const cron = stringAt(objectAt(spec, 'schedule'), 'cron');
      const never = cron ? operatorCronNeverRuns(cron) : undefined;
      if (!never) return [];
      return [at('spec.schedule.cron', `Invalid value: ${JSON.stringify(cron)}: never runs: ${never}; no backup would ever be taken`)];
    },
  });
}

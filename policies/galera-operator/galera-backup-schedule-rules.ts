// A GaleraBackup's spec.schedule: a cron expression that cannot be read (or never comes) means no backups, and
// one that reads well still does nothing, because the v1beta2 operator runs a GaleraBackup once, when it is
// created. One mistake at a time: the schedule is said to be ignored only once it reads well.
// The operator's controller: https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/controllers/backup/backup_galera_control.go
import { stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { cronScheduleProblem } from './cron-schedule.js';
import { GALERA_BACKUP } from './galera-backup-kind.js';

export const backupScheduleInvalid = defineRule({
  id: 'galera/backup-schedule-invalid',
  noCelTwin:
    "parses the cron expression (ranges, steps, names, days that never come): beyond a regular expression; the CRD's own CEL rule checks only the five-field shape",
  kinds: [GALERA_BACKUP],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.schedule of a GaleraBackup is not a five-field cron expression with values in range.',
  why: 'A schedule that cannot be read, or that never comes (31 February), means no backups, found out only when one is needed.',
  fix: 'Write minute hour day-of-month month day-of-week, such as "0 2 * * *" for 02:00 every day, or a macro such as @daily; no seconds field.',
  check({ spec, at }) {
    const schedule = stringAt(spec, 'schedule');
    const problem = schedule === undefined ? undefined : cronScheduleProblem(schedule);
    if (problem === undefined) return [];
    return [
      at(
        'spec.schedule',
        `Invalid value: ${JSON.stringify(schedule)}: ${problem}: write five fields, minute hour day-of-month month day-of-week, such as "0 2 * * *" (02:00 every day)`,
      ),
    ];
  },
});

export const backupScheduleIgnored = defineRule({
  id: 'galera/backup-schedule-ignored',
  noCelTwin: 'a warning: a CEL rule can only refuse the object, which the operator accepts',
  kinds: [GALERA_BACKUP],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'A GaleraBackup sets spec.schedule.',
  why: 'The Galera operator (v1beta2) does not schedule backups: it runs a GaleraBackup once, when it is created, and never again.',
  fix: 'Create GaleraBackups from a Kubernetes CronJob (one new GaleraBackup per run), or accept a one-off backup and remove spec.schedule.',
  check({ spec, at }) {
    const schedule = stringAt(spec, 'schedule');
    // An unreadable schedule is galera/backup-schedule-invalid's finding.
    if (schedule === undefined || cronScheduleProblem(schedule) !== undefined) return [];
    return [
      at(
        'spec.schedule',
        'the Galera operator (v1beta2) does not schedule backups: it runs this GaleraBackup once, when it is created: for recurring backups, have a Kubernetes CronJob create a new GaleraBackup each time',
      ),
    ];
  },
});

// A scheduled Backup becomes a Kubernetes CronJob with spec.schedule.cron as its schedule and spec.timeZone as
// its time zone (the operator's batch builder). The operator's webhook accepts what the CronJob API then
// refuses, so the Backup is stored and no CronJob, hence no backup, is ever created. Kubernetes' rules:
// https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
import { objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { BACKUP } from './backup-kind.js';
import { timeZoneKnown } from '../operator-cron.js';

const WARNING_ONLY = 'a warning (a CEL rule can only refuse)';

export const backupScheduleTimeZonePrefix = defineRule({
  id: 'backup/schedule-time-zone-prefix',
  kinds: [BACKUP],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'spec.schedule.cron of a Backup carries a TZ= or CRON_TZ= prefix.',
  why: 'The operator accepts it, but Kubernetes refuses a CronJob whose schedule names a time zone ("use timeZone field instead"): the Backup never runs.',
  fix: 'Remove the prefix from spec.schedule.cron and set spec.timeZone to the zone (Europe/Paris, say).',
  noCelTwin: WARNING_ONLY,
  check({ spec, at }) {
    const cron = stringAt(objectAt(spec, 'schedule'), 'cron');
    if (!cron?.includes('TZ')) return [];
    return [
      at(
        'spec.schedule.cron',
        `Invalid value: ${JSON.stringify(cron)}: Kubernetes refuses a CronJob schedule with TZ or CRON_TZ, so no backup would run; move the zone to spec.timeZone`,
      ),
    ];
  },
});

export const backupTimeZoneUnknown = defineRule({
  id: 'backup/time-zone-unknown',
  kinds: [BACKUP],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'spec.timeZone of a Backup is not a time zone of the IANA database (or is Local).',
  why: 'The operator accepts it, but Kubernetes refuses the CronJob it builds with that time zone: the Backup never runs.',
  fix: 'Use an IANA name such as Europe/Paris or UTC (https://www.iana.org/time-zones).',
  noCelTwin: `${WARNING_ONLY}, and the time zone database is not in CEL`,
  check({ spec, at }) {
    const zone = stringAt(spec, 'timeZone');
    if (zone === undefined) return [];
    if (zone.toLowerCase() !== 'local' && zone !== '' && timeZoneKnown(zone)) return [];
    return [
      at(
        'spec.timeZone',
        `Invalid value: ${JSON.stringify(zone)}: not a time zone Kubernetes accepts for a CronJob, so no backup would run; use an IANA name such as Europe/Paris or UTC`,
      ),
    ];
  },
});

// MaxScale's monitor: a module it can only infer from a referenced MariaDB, an interval that does not hammer
// the servers, and switchover settings only the module that switches over understands.
import { objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { goDurationSeconds } from './maxscale-fields.js';
import { MAXSCALE } from './maxscale-kind.js';

export const moduleRequired = defineRule({
  id: 'maxscale/monitor-module-required',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'No spec.monitor.module while spec.mariaDbRef is not set.',
  why: 'The module can only be inferred from a referenced MariaDB; without it MaxScale has no monitor and no primary.',
  fix: 'Set spec.monitor.module to galeramon for a Galera cluster or mariadbmon for replication.',
  check({ spec, at }) {
    if (stringAt(objectAt(spec, 'monitor'), 'module') !== undefined || objectAt(spec, 'mariaDbRef') !== undefined) return [];
    return [at('spec.monitor.module', 'Required value: must be provided when spec.mariaDbRef is not set')];
  },
});

export const monitorIntervalShort = defineRule({
  id: 'maxscale/monitor-interval-short',
  noCelTwin: 'a warning: a CEL validation can only refuse',
  kinds: [MAXSCALE],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'spec.monitor.interval shorter than 1s.',
  why: 'Each check queries every server; sub-second intervals load the databases and flap server states on brief hiccups.',
  fix: 'Use 1s or more (2s is the default).',
  check({ spec, at }) {
    const interval = stringAt(objectAt(spec, 'monitor'), 'interval');
    const seconds = interval === undefined ? undefined : goDurationSeconds(interval);
    if (seconds === undefined || seconds >= 1) return [];
    return [at('spec.monitor.interval', `${interval} is shorter than the recommended 1s`)];
  },
});

export const primaryServerModule = defineRule({
  id: 'maxscale/primary-server-requires-mariadbmon',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.primaryServer with a monitor module other than mariadbmon.',
  why: 'Only mariadbmon performs switchovers; with galeramon the setting does nothing.',
  fix: 'Remove spec.primaryServer, or use mariadbmon (replication).',
  check({ spec, at }) {
    const module = stringAt(objectAt(spec, 'monitor'), 'module');
    if (stringAt(spec, 'primaryServer') === undefined || module === undefined || module === 'mariadbmon') return [];
    return [at('spec.primaryServer', `Forbidden: only the mariadbmon monitor performs switchovers, not ${module}; remove spec.primaryServer`)];
  },
});

// What an UPDATE of a PointInTimeRecovery cannot change: spec.compression, which the mariadb-operator tags
// `inmutable`: archived binary logs are read back with the algorithm they were written with.
import { inmutable, taggedImmutableRule } from '../operator-immutable-fields.js';
import { POINT_IN_TIME_RECOVERY } from './point-in-time-recovery-kind.js';

export const pitrImmutable = taggedImmutableRule({
  id: 'pointintimerecovery/immutable-field',
  kinds: [POINT_IN_TIME_RECOVERY],
  what: 'An UPDATE of a PointInTimeRecovery that changes spec.compression.',
  why: "The operator's webhook refuses the update: the binary logs archived so far are compressed with the old algorithm.",
  fix: 'Put the old value back, or create a new PointInTimeRecovery (with its own storage prefix) with the new algorithm.',
  fields: [inmutable('spec.compression', 'create a new PointInTimeRecovery with the other algorithm')],
});

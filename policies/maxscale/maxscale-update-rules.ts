// What an UPDATE of a MaxScale cannot change: MaxScale cannot re-point a live monitor or re-route a live
// service, so the operator would leave MaxScale out of step with its spec.
import { arrayAt, isObject, objectAt, stringAt } from '../object-fields.js';
import { jsonEqual } from '../immutable-fields.js';
import type { FieldError } from '../field-error.js';
import { defineRule } from '../rule.js';
import { entries } from './maxscale-fields.js';
import { MAXSCALE } from './maxscale-kind.js';

export const immutable = defineRule({
  id: 'maxscale/immutable-field',
  kinds: [MAXSCALE],
  on: ['UPDATE'],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'An UPDATE that changes spec.mariaDbRef, spec.monitor.module, a service router or a listener port.',
  why: 'MaxScale cannot change these on a live object; the operator would leave MaxScale out of step with its spec.',
  fix: 'Put the old value back, or create a new MaxScale (or service) with the new value and move clients over.',
  check({ spec, ctx, at }) {
    const oldSpec = isObject(ctx.oldObject?.spec) ? ctx.oldObject.spec : {};
    const out: FieldError[] = [];
    const immutableField = (path: string, before: unknown, after: unknown, how: string) => {
      if (before !== undefined && !jsonEqual(before, after)) out.push(at(path, `Forbidden: field is immutable: ${how}`));
    };
    immutableField('spec.mariaDbRef', oldSpec.mariaDbRef, spec.mariaDbRef, 'create a new MaxScale for the other MariaDB and move clients to it');
    immutableField(
      'spec.monitor.module',
      stringAt(objectAt(oldSpec, 'monitor'), 'module'),
      stringAt(objectAt(spec, 'monitor'), 'module'),
      'create a new MaxScale with the other module',
    );
    // Services are matched by name: a renamed service is a new one.
    const oldServices = new Map(entries(arrayAt(oldSpec, 'services')).map(([, s]) => [stringAt(s, 'name'), s]));
    for (const [i, service] of entries(arrayAt(spec, 'services'))) {
      const before = oldServices.get(stringAt(service, 'name'));
      if (!before) continue;
      immutableField(`spec.services[${i}].router`, before.router, service.router, 'add a new service with the other router and remove this one');
      immutableField(
        `spec.services[${i}].listener.port`,
        objectAt(before, 'listener')?.port,
        objectAt(service, 'listener')?.port,
        'add a new service on the other port and remove this one',
      );
    }
    return out;
  },
});

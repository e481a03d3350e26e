// A Connection goes to exactly one place: the operator's Connection webhook rejects one with no target and
// one with two. https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/connection_webhook.go
// A missing or mistyped spec is the schema's finding, not these rules'.
import { isObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { CONNECTION } from './connection-kind.js';

export const referenceRequired = defineRule({
  id: 'connection/reference-required',
  kinds: [CONNECTION],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'Neither spec.mariaDbRef nor spec.maxScaleRef is set.',
  why: 'The operator has nothing to connect to; it rejects the Connection and no Secret is written.',
  fix: 'Set spec.mariaDbRef to connect to a MariaDB, or spec.maxScaleRef to connect through a MaxScale.',
  check({ object, spec, at }) {
    if (!isObject(object.spec) || spec.mariaDbRef !== undefined || spec.maxScaleRef !== undefined) return [];
    return [at('spec.mariaDbRef', 'Required value: set spec.mariaDbRef (connect to a MariaDB) or spec.maxScaleRef (connect through a MaxScale)')];
  },
});

export const referencesExclusive = defineRule({
  id: 'connection/references-exclusive',
  kinds: [CONNECTION],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'Both spec.mariaDbRef and spec.maxScaleRef are set.',
  why: 'A Connection goes to one place; the operator rejects it rather than pick one.',
  fix: 'Keep spec.maxScaleRef to connect through MaxScale, or spec.mariaDbRef to connect to MariaDB directly.',
  check({ spec, at }) {
    if (spec.mariaDbRef === undefined || spec.maxScaleRef === undefined) return [];
    return [
      at(
        'spec.maxScaleRef',
        'Forbidden: spec.mariaDbRef and spec.maxScaleRef cannot both be set: keep spec.maxScaleRef to go through MaxScale, or spec.mariaDbRef to reach MariaDB directly',
      ),
    ];
  },
});

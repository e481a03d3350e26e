// The high-availability method and the replica count must agree: one method at most, more than one server
// only with a method that keeps them in step, and a primary that is one of the pods. Judged on the object
// only: `kubectl scale mariadb` is not checked (no rule here is a replicas rule), as before.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/mariadb_webhook.go
import { numberAt, objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { enabled, replicasOf, replicasText } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

export const galeraAndReplication = defineRule({
  id: 'mariadb/galera-and-replication',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.galera.enabled and spec.replication.enabled are both true.',
  why: 'The operator runs one high-availability method per MariaDB; with both it rejects the resource and no cluster is built.',
  fix: 'Keep Galera (multi-primary) or replication (primary with replicas), and disable the other.',
  check({ spec, at }) {
    if (!enabled(spec, 'galera') || !enabled(spec, 'replication')) return [];
    return [
      at(
        'spec.replication.enabled',
        'Forbidden: spec.galera.enabled and spec.replication.enabled cannot both be true: keep one high-availability method and set the other to false',
      ),
    ];
  },
});

export const replicasWithoutHa = defineRule({
  id: 'mariadb/replicas-without-ha',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.replicas is above 1 while neither Galera nor replication is enabled.',
  why: 'The StatefulSet would run independent servers, each with its own data, behind one Service: clients see different data per connection.',
  fix: 'Enable spec.galera or spec.replication, or set spec.replicas to 1.',
  check({ spec, at }) {
    const replicas = replicasOf(spec);
    if (replicas === undefined || replicas <= 1 || enabled(spec, 'galera') || enabled(spec, 'replication')) return [];
    return [
      at(
        'spec.replicas',
        `Invalid value: ${replicas}: more than one replica needs spec.galera.enabled or spec.replication.enabled, else they are ${replicas} independent servers with different data: enable one, or set spec.replicas to 1`,
      ),
    ];
  },
});

export const haSingleReplica = defineRule({
  id: 'mariadb/ha-single-replica',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'Galera or replication is enabled with spec.replicas of 1 or less.',
  why: 'There is no other server to fail over to: the cluster machinery runs (and costs) but the first failure is still an outage.',
  fix: 'Set spec.replicas to 3 for Galera, or 2 or more for replication; or disable the HA method for a single server.',
  check({ spec, at }) {
    const galera = enabled(spec, 'galera');
    const replicas = replicasOf(spec);
    if (replicas === undefined || replicas > 1 || (!galera && !enabled(spec, 'replication'))) return [];
    const method = galera ? 'Galera' : 'replication';
    const advice = galera ? 'set spec.replicas to 3' : 'set spec.replicas to 2 or more';
    return [
      at('spec.replicas', `Invalid value: ${replicasText(spec, replicas)}: ${method} has no other server to fail over to: ${advice}, or disable ${method}`),
    ];
  },
});

export const primaryPodIndexOutOfRange = defineRule({
  id: 'mariadb/primary-pod-index-out-of-range',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.galera.primary.podIndex or spec.replication.primary.podIndex is negative or not below spec.replicas.',
  why: 'The primary would be a pod that does not exist: the operator cannot configure a primary and the cluster never becomes ready.',
  fix: 'Set podIndex between 0 and spec.replicas - 1.',
  check({ spec, at }) {
    const replicas = replicasOf(spec);
    if (replicas === undefined) return [];
    const range = replicas > 0 ? `pods are numbered 0 to ${replicas - 1}` : 'there are no pods';
    return (['galera', 'replication'] as const).flatMap((method) => {
      const podIndex = numberAt(objectAt(objectAt(spec, method), 'primary'), 'podIndex');
      if (!enabled(spec, method) || podIndex === undefined || (podIndex >= 0 && podIndex < replicas)) return [];
      return [
        at(
          `spec.${method}.primary.podIndex`,
          `Invalid value: ${podIndex}: out of range for spec.replicas ${replicasText(spec, replicas)} (${range}): set a podIndex from 0 to spec.replicas - 1`,
        ),
      ];
    });
  },
});

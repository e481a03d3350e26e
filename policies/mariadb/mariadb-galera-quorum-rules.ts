// Galera keeps taking writes only on the side of a partition that holds a majority of the nodes, so an even
// node count can leave no side with a majority. The operator's CRD refuses an even spec.replicas for Galera
// unless spec.replicasAllowEvenNumber is true; with it, the user has accepted the risk and these rules agree.
// https://galeracluster.com/library/documentation/weighted-quorum.html
import { defineRule } from '../rule.js';
import { enabled, replicasOf } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

/** Why these rules need no twin of mdbkit's: the API server would print the same refusal twice. */
const OPERATOR_CEL = "the operator's own CRD rule (an odd spec.replicas for Galera unless spec.replicasAllowEvenNumber) already refuses it at the API server";

export const galeraTwoReplicas = defineRule({
  id: 'mariadb/galera-two-replicas',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'Galera runs exactly 2 replicas without spec.replicasAllowEvenNumber.',
  why: 'When either node fails the survivor has no majority and stops: two nodes are less available than one. The operator refuses it unless spec.replicasAllowEvenNumber is true.',
  fix: 'Use 3 replicas (or 1 without Galera), or set spec.replicasAllowEvenNumber: true if you accept that risk.',
  noCelTwin: OPERATOR_CEL,
  check({ spec, at }) {
    if (!enabled(spec, 'galera') || replicasOf(spec) !== 2 || spec.replicasAllowEvenNumber === true) return [];
    return [
      at(
        'spec.replicas',
        'Invalid value: 2: a 2-node Galera cluster stops when either node fails (the survivor has no quorum): use 3 replicas, or set spec.replicasAllowEvenNumber: true to accept that risk',
      ),
    ];
  },
});

export const galeraEvenReplicas = defineRule({
  id: 'mariadb/galera-even-replicas',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'Galera runs an even number of replicas (4 or more) without spec.replicasAllowEvenNumber.',
  why: 'A network split into two equal halves leaves neither with a majority: the whole cluster stops taking writes (split brain protection).',
  fix: 'Use an odd number of replicas, or set spec.replicasAllowEvenNumber: true if you accept that risk.',
  noCelTwin: OPERATOR_CEL,
  check({ spec, at }) {
    const replicas = replicasOf(spec);
    // 2 is mariadb/galera-two-replicas: one mistake, one finding.
    if (!enabled(spec, 'galera') || replicas === undefined || replicas < 4 || replicas % 2 !== 0 || spec.replicasAllowEvenNumber === true) return [];
    return [
      at(
        'spec.replicas',
        `Invalid value: ${replicas}: an even number of Galera nodes can split into halves where neither has quorum (split brain): use ${replicas - 1} or ${replicas + 1}, or set spec.replicasAllowEvenNumber: true to accept the risk`,
      ),
    ];
  },
});

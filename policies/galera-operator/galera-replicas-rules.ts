// The size of a Galera cluster: the operator supports odd sizes from 3 to 9, because an even number of nodes
// can split into halves where neither keeps a majority. Judged on spec.replicas and on `kubectl scale galera`,
// which reaches the webhook as a Scale carrying only the number; the number is all the rule needs, so the
// webhook does not read the stored Galera for it.
// https://galeracluster.com/library/documentation/weighted-quorum.html
import { defineRule } from '../rule.js';
import { GALERA } from './galera-kind.js';

const SUPPORTED_REPLICAS: readonly number[] = [3, 5, 7, 9];

export const replicasOdd3To9 = defineRule({
  id: 'galera/replicas-odd-3-to-9',
  kinds: [GALERA],
  severity: 'error',
  reason: 'FieldValueNotSupported',
  what: 'spec.replicas of a Galera is not 3, 5, 7 or 9.',
  why: 'An even number of nodes can split into halves where neither has a majority, and the whole cluster stops taking writes; the operator supports odd sizes from 3 to 9 only.',
  fix: 'Set spec.replicas to 3, 5, 7 or 9 (the odd number next to the one you wrote).',
  replicas: {
    readsStored: false,
    check({ replicas, at }) {
      // Not an integer: the schema's finding (and the API server's, for a Scale).
      if (!Number.isInteger(replicas) || SUPPORTED_REPLICAS.includes(replicas)) return [];
      const advice = replicas < 3 ? 'use 3' : replicas > 9 ? 'use 9 at most' : `use ${replicas - 1} or ${replicas + 1}`;
      return [
        at(
          'spec.replicas',
          `Unsupported value: ${replicas}: the Galera operator runs 3, 5, 7 or 9 nodes (an odd number keeps a majority when the cluster splits): ${advice}`,
        ),
      ];
    },
  },
});

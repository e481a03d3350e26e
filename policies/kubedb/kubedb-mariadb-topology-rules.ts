// How many replicas a KubeDB MariaDB can run with: KubeDB's webhook rejects fewer than one, and a cluster
// (Galera or replication) below three, because the survivor of a failure in a 2-node cluster has no quorum;
// an even Galera cluster passes KubeDB but can split into halves that both stop.
// https://github.com/kubedb/apimachinery/blob/master/apis/kubedb/v1/mariadb_webhook.go (ValidateMariaDB)
// These read an unset spec.replicas as KubeDB does (1), so they stay object rules rather than scale rules:
// a Scale carries no topology, and KubeDB's MariaDB was never judged on its scale subresource.
import type { JsonObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';
import { GALERA_MODE, recoveringFromArchiver, replicasOf, topologyModeOf } from './kubedb-mariadb-spec.js';

/** spec.replicas as KubeDB reads it, when it is a whole number: a fraction or a string is the schema's finding. */
function wholeReplicas(spec: JsonObject): number | undefined {
  const replicas = replicasOf(spec);
  return replicas !== undefined && Number.isInteger(replicas) ? replicas : undefined;
}

export const replicasBelowOne = defineRule({
  id: 'kubedb/replicas-below-one',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.replicas is below 1.',
  why: 'KubeDB rejects the MariaDB ("spec.replicas invalid. Value must be greater than zero"); to stop a database, halt it instead.',
  fix: 'Set spec.replicas to 1 for a standalone server or 3 (or another odd number) for a cluster; use spec.halted: true to stop it.',
  check({ spec, at }) {
    const replicas = wholeReplicas(spec);
    if (replicas === undefined || replicas >= 1) return [];
    return [
      at(
        'spec.replicas',
        `Invalid value: ${replicas}: spec.replicas must be at least 1: use 1 for a standalone server or 3 for a cluster, and spec.halted: true to stop the database`,
      ),
    ];
  },
});

export const clusterTooFewReplicas = defineRule({
  id: 'kubedb/cluster-too-few-replicas',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'A Galera or replication topology with fewer than 3 replicas (2 replicas make a Galera cluster by default).',
  why: 'KubeDB rejects it ("Value must be 3 for mariadb cluster"): with 2 nodes the survivor of a failure has no majority and stops, so 2 is less available than 1.',
  fix: 'Set spec.replicas to 3 (or another odd number), or to 1 without spec.topology for a standalone server.',
  check({ spec, at }) {
    const replicas = wholeReplicas(spec);
    // Below 1 is kubedb/replicas-below-one: one mistake, one finding.
    if (replicas === undefined || replicas < 1 || replicas >= 3 || recoveringFromArchiver(spec)) return [];
    const mode = topologyModeOf(spec);
    if (mode === undefined) return [];
    const shown = spec.replicas === undefined ? `${replicas} (the default)` : String(replicas);
    const advice =
      replicas === 1 ? 'set spec.replicas to 3, or remove spec.topology for a standalone server' : 'set spec.replicas to 3, or to 1 for a standalone server';
    const what = mode === GALERA_MODE ? 'a Galera cluster' : 'a MariaDB replication cluster';
    return [
      at('spec.replicas', `Invalid value: ${shown}: ${what} needs at least 3 replicas (with 2, the survivor of a failure has no quorum and stops): ${advice}`),
    ];
  },
});

export const galeraEvenReplicas = defineRule({
  id: 'kubedb/galera-even-replicas',
  noCelTwin: 'a warning: a CEL rule can only refuse the object, which the operator accepts',
  kinds: [KUBEDB_MARIADB],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'A Galera cluster with an even number of replicas (4 or more).',
  why: 'A network split into two equal halves leaves neither with a majority, and the whole cluster stops taking writes; an odd count always leaves one side with quorum.',
  fix: 'Use an odd number of replicas, such as 3 or 5.',
  check({ spec, at }) {
    const replicas = wholeReplicas(spec);
    // 2 is kubedb/cluster-too-few-replicas (or a recovery that starts small): one mistake, one finding.
    if (replicas === undefined || replicas < 4 || replicas % 2 !== 0 || topologyModeOf(spec) !== GALERA_MODE) return [];
    return [
      at(
        'spec.replicas',
        `Invalid value: ${replicas}: an even number of Galera nodes can split into halves where neither has quorum: use ${replicas - 1} or ${replicas + 1}`,
      ),
    ];
  },
});

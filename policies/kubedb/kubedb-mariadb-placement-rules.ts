// A distributed KubeDB MariaDB runs its pods in several clusters, as the PlacementPolicy it names in
// spec.podTemplate.spec.podPlacementPolicy says: KubeDB rejects one that names none, and the PetSet
// controller never creates a pod whose replica index the policy does not place. KubeDB cannot check the
// placement up front; these rules do, through the cluster reader (the cluster, or the other documents of
// a lint run). Findings sit on the MariaDB, the document at hand, and say whether to fix the PlacementPolicy
// or spec.replicas; an index placed twice is the PlacementPolicy's own finding (placement-policy-index-rules.ts).
// https://kubedb.com/docs/latest/guides/mariadb/distributed/
import type { KubeObject } from '../kube-object.js';
import { objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule, type RuleOutcome } from '../rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';
import { replicasOf } from './kubedb-mariadb-spec.js';
import { placementRules, type PlacementRules } from './placement-distribution.js';
import { CLUSTER_SCOPED_NAMESPACE, PLACEMENT_POLICY } from './placement-policy-kind.js';

const PLACEMENT_REF_PATH = 'spec.podTemplate.spec.podPlacementPolicy';
export const PLACEMENT_NAME_PATH = `${PLACEMENT_REF_PATH}.name`;

function placementPolicyName(spec: JsonObject): string | undefined {
  return stringAt(objectAt(objectAt(spec.podTemplate, 'spec'), 'podPlacementPolicy'), 'name');
}

export const distributedWithoutPlacementPolicy = defineRule({
  id: 'kubedb/distributed-without-placement-policy',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'spec.distributed: true without spec.podTemplate.spec.podPlacementPolicy.',
  why: 'Nothing says which cluster each pod runs in: KubeDB rejects a distributed MariaDB without a PlacementPolicy.',
  fix: 'Create a PlacementPolicy with spec.clusterSpreadConstraint.distributionRules and name it in spec.podTemplate.spec.podPlacementPolicy.name.',
  check({ spec, at }) {
    if (spec.distributed !== true || placementPolicyName(spec)) return [];
    return [
      at(
        PLACEMENT_REF_PATH,
        "Required value: 'spec.podPlacementPolicy' is required for distributed MariaDB: name a PlacementPolicy whose spec.clusterSpreadConstraint.distributionRules place every replica index",
      ),
    ];
  },
});

/** The PlacementPolicy a distributed MariaDB names, as the cluster answered, and the pods it must place. */
interface NamedPlacement {
  name: string;
  replicas: number;
  /** `undefined` when it does not exist. */
  found: KubeObject | undefined;
}

/**
 * The named PlacementPolicy; instead, the rule's outcome when there is nothing to check (not distributed, no
 * name, or a replica count that is kubedb/replicas-below-one's or the schema's) or the cluster could not say.
 */
export async function namedPlacement(spec: JsonObject, ctx: PolicyContext): Promise<NamedPlacement | { outcome: RuleOutcome }> {
  const name = placementPolicyName(spec);
  const replicas = replicasOf(spec);
  if (spec.distributed !== true || !name || replicas === undefined || replicas < 1 || !Number.isInteger(replicas)) return { outcome: [] };
  const found = await ctx.reader.get({ ...PLACEMENT_POLICY, namespace: CLUSTER_SCOPED_NAMESPACE, name });
  if (found === 'unknown') return { outcome: { skipped: `PlacementPolicy "${name}" could not be looked up` } };
  return { name, replicas, found };
}

/** The named PlacementPolicy's distribution rules (undefined when it has none); the coverage rules judge these. */
async function namedDistribution(
  spec: JsonObject,
  ctx: PolicyContext,
): Promise<{ name: string; replicas: number; rules: PlacementRules | undefined } | { outcome: RuleOutcome }> {
  const placement = await namedPlacement(spec, ctx);
  if ('outcome' in placement) return placement;
  const { name, replicas, found } = placement;
  if (!found) return { outcome: { skipped: `PlacementPolicy "${name}" does not exist (kubedb/placement-policy-not-found)` } };
  return { name, replicas, rules: placementRules(found) };
}

export const placementPolicyNotFound = defineRule({
  id: 'kubedb/placement-policy-not-found',
  noCelTwin: 'reads the named PlacementPolicy from the cluster',
  kinds: [KUBEDB_MARIADB],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'A distributed MariaDB names a PlacementPolicy that does not exist.',
  why: 'KubeDB cannot place the pods and rejects the MariaDB until the PlacementPolicy exists (fine if you create it next).',
  fix: 'Create the PlacementPolicy (cluster-scoped), or correct spec.podTemplate.spec.podPlacementPolicy.name.',
  async check({ spec, ctx, at }) {
    const placement = await namedPlacement(spec, ctx);
    if ('outcome' in placement) return placement.outcome;
    if (placement.found) return [];
    return [at(PLACEMENT_NAME_PATH, `Not found: PlacementPolicy "${placement.name}" does not exist: create it, or correct the name`)];
  },
});

function indexList(values: number[]): string {
  return values.length === 1 ? `index ${values[0]}` : `indices ${values.join(', ')}`;
}

function placedIndices(rules: PlacementRules): Set<number> {
  return new Set(rules.rules.flatMap((rule) => rule.indices.map((index) => index.value)));
}

export const placementReplicaIndexMissing = defineRule({
  id: 'kubedb/placement-replica-index-missing',
  noCelTwin: 'reads the named PlacementPolicy from the cluster',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'The PlacementPolicy of a distributed MariaDB places no pod for some replica index from 0 to spec.replicas - 1.',
  why: 'The PetSet controller finds no cluster for that pod ("no cluster found for the given ordinal"): it is never created and the Galera cluster runs a node short.',
  fix: 'Add the missing indices to the replicaIndices of a cluster in the PlacementPolicy (spec.clusterSpreadConstraint.distributionRules), or lower spec.replicas.',
  async check({ object, spec, ctx, at }) {
    const placement = await namedDistribution(spec, ctx);
    if ('outcome' in placement) return placement.outcome;
    const { name, replicas, rules } = placement;
    if (!rules) {
      return [
        at(
          PLACEMENT_NAME_PATH,
          `Invalid value: "${name}": PlacementPolicy "${name}" has no distribution rules, so none of the ${replicas} pods is placed: fix the PlacementPolicy: add spec.clusterSpreadConstraint.distributionRules giving each index 0 to ${replicas - 1} a cluster`,
        ),
      ];
    }
    const placed = placedIndices(rules);
    const missing = Array.from({ length: replicas }, (_, i) => i).filter((i) => !placed.has(i));
    if (missing.length === 0) return [];
    const pods = missing.map((i) => `${stringAt(object.metadata, 'name') ?? '<name>'}-${i}`).join(', ');
    return [
      at(
        PLACEMENT_NAME_PATH,
        `Invalid value: "${name}": PlacementPolicy "${name}" places no pod for replica ${indexList(missing)} (${pods}) of the ${replicas} replicas: fix the PlacementPolicy: add ${missing.join(', ')} to the ${rules.indexKey} of a cluster in its ${rules.path}, or lower spec.replicas`,
      ),
    ];
  },
});

export const placementReplicaIndexOutOfRange = defineRule({
  id: 'kubedb/placement-replica-index-out-of-range',
  noCelTwin: 'a warning that reads the named PlacementPolicy from the cluster',
  kinds: [KUBEDB_MARIADB],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'The PlacementPolicy of a distributed MariaDB places replica indices at or above spec.replicas.',
  why: 'Those entries place no pod today. KubeDB suggests listing indices ahead of a scale-up, so this is fine on purpose, but it often means the policy was written for another database.',
  fix: 'Keep them if you plan to scale up; otherwise remove them from the PlacementPolicy, or raise spec.replicas.',
  async check({ spec, ctx, at }) {
    const placement = await namedDistribution(spec, ctx);
    if ('outcome' in placement) return placement.outcome;
    const { name, replicas, rules } = placement;
    // A policy without distribution rules places nothing, beyond spec.replicas or not.
    const beyond = rules ? [...placedIndices(rules)].filter((i) => i >= replicas).sort((a, b) => a - b) : [];
    if (!rules || beyond.length === 0) return [];
    return [
      at(
        PLACEMENT_NAME_PATH,
        `Invalid value: "${name}": PlacementPolicy "${name}" places replica ${indexList(beyond)}, but spec.replicas is ${replicas} (indices 0 to ${replicas - 1}): fine as room to scale up; otherwise fix the PlacementPolicy (remove them from its ${rules.path}) or raise spec.replicas`,
      ),
    ];
  },
});

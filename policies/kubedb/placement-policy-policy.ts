// The PlacementPolicy (apps.k8s.appscode.com/v1, cluster-scoped) that a KubeDB database names in
// spec.podTemplate.spec.podPlacementPolicy. Its distribution rules map replica indices to Open Cluster
// Management spoke clusters; the PetSet controller looks each pod's ordinal up in them
// (https://github.com/kubeops/petset, GetDistributedPodNamespace) and a pod whose ordinal no rule names, or
// names twice, is never placed or placed by accident of order. The clusters must be members of the
// KubeSlice SliceConfig the policy names, or the pods there cannot reach the others.
// Two forms exist: spec.ocm (distributionRules[].replicas, sliceName) of the distributed Galera guide, and
// spec.clusterSpreadConstraint (distributionRules[].replicaIndices, slice.{projectNamespace,sliceName}).
import type { FieldError } from '../field-error.js';
import type { KindPolicy } from '../kind-policy.js';
import { cloneJson, type KubeObject } from '../kube-object.js';
import { arrayAt, isObject, objectAt, setDefault, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule } from '../rule-catalog.js';

export const PLACEMENT_POLICY_GROUP = 'apps.k8s.appscode.com';
export const SLICE_CONFIG_GROUP = 'controller.kubeslice.io';
/** The namespace cluster-scoped objects are looked up with: they have none. */
export const CLUSTER_SCOPED_NAMESPACE = '';

export const placementDuplicateReplicaIndex = defineRule({
  id: 'kubedb/placement-duplicate-replica-index',
  severity: 'error',
  what: 'A PlacementPolicy gives the same replica index to two distribution rules (or twice to one).',
  why: 'Each pod runs in one cluster: KubeDB takes the first rule that names its index, so the other cluster silently gets one pod fewer than the policy says.',
  fix: 'Keep each index in exactly one rule\'s replicaIndices (replicas in the spec.ocm form).',
  reason: 'FieldValueDuplicate',
});

export const placementClusterNotInSlice = defineRule({
  id: 'kubedb/placement-cluster-not-in-slice',
  severity: 'error',
  what: 'A distribution rule names a cluster that is not in the clusters of the PlacementPolicy\'s SliceConfig.',
  why: 'Pods placed in a cluster outside the slice get no overlay network: they cannot reach the other Galera nodes and never join the cluster.',
  fix: 'Add the cluster to the SliceConfig\'s spec.clusters, or correct the rule\'s clusterName.',
  reason: 'FieldValueNotFound',
});

export const sliceConfigNotFound = defineRule({
  id: 'kubedb/slice-config-not-found',
  severity: 'warning',
  what: 'spec.clusterSpreadConstraint.slice names a SliceConfig that does not exist.',
  why: 'Without the slice the pods in different clusters cannot reach each other (fine if you create the SliceConfig next).',
  fix: 'Create the SliceConfig in the project namespace, or correct slice.projectNamespace and slice.sliceName.',
  reason: 'FieldValueNotFound',
});

export interface PlacementIndex {
  value: number;
  /** Field path of the index inside the PlacementPolicy. */
  path: string;
}

export interface PlacementRule {
  clusterName: string | undefined;
  /** Field path of the rule inside the PlacementPolicy. */
  path: string;
  indices: PlacementIndex[];
}

/** The distribution rules of a PlacementPolicy, in whichever form it is written. */
export interface PlacementRules {
  form: 'clusterSpreadConstraint' | 'ocm';
  /** `spec.clusterSpreadConstraint.distributionRules` or `spec.ocm.distributionRules`. */
  path: string;
  /** The key of a rule's index list: `replicaIndices` or `replicas`. */
  indexKey: 'replicaIndices' | 'replicas';
  rules: PlacementRule[];
}

/**
 * The distribution rules, preferring spec.clusterSpreadConstraint (what current KubeDB reads) over spec.ocm;
 * undefined when the policy has neither. Indices that are not non-negative integers are the schema's.
 */
export function placementRules(policy: unknown): PlacementRules | undefined {
  const spec = objectAt(policy, 'spec');
  const forms = [
    { form: 'clusterSpreadConstraint', indexKey: 'replicaIndices' },
    { form: 'ocm', indexKey: 'replicas' },
  ] as const;
  for (const { form, indexKey } of forms) {
    const block = objectAt(spec, form);
    if (!block) continue;
    const path = `spec.${form}.distributionRules`;
    const rules: PlacementRule[] = (arrayAt(block, 'distributionRules') ?? []).map((rule, i) => ({
      clusterName: stringAt(rule, 'clusterName'),
      path: `${path}[${i}]`,
      indices: (arrayAt(rule, indexKey) ?? []).flatMap((value, j) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 0 ? [{ value, path: `${path}[${i}].${indexKey}[${j}]` }] : [],
      ),
    }));
    return { form, path, indexKey, rules };
  }
  return undefined;
}

function duplicateFindings(rules: PlacementRules): FieldError[] {
  const first = new Map<number, PlacementRule>();
  const findings: FieldError[] = [];
  for (const rule of rules.rules) {
    for (const index of rule.indices) {
      const owner = first.get(index.value);
      if (!owner) {
        first.set(index.value, rule);
        continue;
      }
      const where = owner === rule ? 'earlier in the same rule' : `in the rule for cluster "${owner.clusterName ?? '?'}" (${owner.path})`;
      findings.push(
        placementDuplicateReplicaIndex.at(
          index.path,
          `Duplicate value: ${index.value}: replica index ${index.value} is already placed ${where}; KubeDB uses the first rule, so this one is ignored: keep the index in one rule only`,
        ),
      );
    }
  }
  return findings;
}

/** Checks the distribution rules' clusters against the SliceConfig of spec.clusterSpreadConstraint.slice. */
async function sliceFindings(policy: KubeObject, rules: PlacementRules, ctx: PolicyContext): Promise<FieldError[]> {
  // The spec.ocm form names its slice without the project namespace it lives in, so it cannot be looked up
  // by name alone: that check needs a reader that can list (see the report on cluster-reader.ts).
  if (rules.form !== 'clusterSpreadConstraint') return [];
  const slice = objectAt(objectAt(objectAt(policy, 'spec'), 'clusterSpreadConstraint'), 'slice');
  const namespace = stringAt(slice, 'projectNamespace');
  const name = stringAt(slice, 'sliceName');
  if (!namespace || !name) return [];
  const found = await ctx.reader.get({ kind: 'SliceConfig', group: SLICE_CONFIG_GROUP, namespace, name });
  if (found === 'unknown') return [];
  if (found === undefined) {
    return [
      sliceConfigNotFound.at(
        'spec.clusterSpreadConstraint.slice.sliceName',
        `Not found: SliceConfig ${namespace}/${name} does not exist: create it, or correct slice.projectNamespace and slice.sliceName`,
      ),
    ];
  }
  const clusters = arrayAt(objectAt(found, 'spec'), 'clusters');
  // A SliceConfig without a cluster list is the SliceConfig's own problem, reported there.
  if (!clusters) return [];
  const members = clusters.filter((c): c is string => typeof c === 'string');
  const shown = members.length > 0 ? members.map((c) => `"${c}"`).join(', ') : 'none';
  return rules.rules.flatMap((rule) =>
    rule.clusterName !== undefined && !members.includes(rule.clusterName)
      ? [
          placementClusterNotInSlice.at(
            `${rule.path}.clusterName`,
            `Not found: cluster "${rule.clusterName}" is not in the clusters of SliceConfig ${namespace}/${name} (${shown}): its pods would have no slice network to the other nodes: add it to the SliceConfig's spec.clusters, or correct clusterName`,
          ),
        ]
      : [],
  );
}

/** Every finding of the PlacementPolicy rules; never throws on mistyped input. */
export async function placementPolicyFindings(policy: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const rules = placementRules(policy);
  if (!rules) return [];
  return [...duplicateFindings(rules), ...(await sliceFindings(policy, rules, ctx))];
}

/** The PetSet CRD's structural defaults (kubebuilder:default), which the API server applies. */
export function defaultPlacementPolicy(object: KubeObject): KubeObject {
  const out = cloneJson(object);
  const spec = out.spec;
  if (!isObject(spec)) return out;
  for (const key of ['zoneSpreadConstraint', 'nodeSpreadConstraint']) {
    const constraint = spec[key];
    if (!isObject(constraint)) continue;
    setDefault(constraint, 'maxSkew', 1);
    setDefault(constraint, 'whenUnsatisfiable', 'DoNotSchedule');
  }
  for (const rule of arrayAt(objectAt(spec, 'affinity'), 'nodeAffinity') ?? []) {
    if (!isObject(rule)) continue;
    setDefault(rule, 'whenUnsatisfiable', 'DoNotSchedule');
    setDefault(rule, 'weight', 50);
  }
  return out;
}

export const placementPolicyPolicy: KindPolicy = {
  group: PLACEMENT_POLICY_GROUP,
  kind: 'PlacementPolicy',
  async default(object) {
    return { object: defaultPlacementPolicy(object), warnings: [] };
  },
  async validate(object, ctx) {
    return placementPolicyFindings(object, ctx);
  },
};

// The distribution rules of a PlacementPolicy, which map replica indices to Open Cluster Management spoke
// clusters; the PetSet controller looks each pod's ordinal up in them
// (https://github.com/kubeops/petset, GetDistributedPodNamespace). Read by the PlacementPolicy's own rules
// and by the rules of the distributed MariaDB that names it.
// Two forms exist: spec.ocm (distributionRules[].replicas, sliceName) of the distributed Galera guide, and
// spec.clusterSpreadConstraint (distributionRules[].replicaIndices, slice.{projectNamespace,sliceName}).
import { arrayAt, objectAt, stringAt } from '../object-fields.js';

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

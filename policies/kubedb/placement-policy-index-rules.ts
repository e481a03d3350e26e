// Each pod runs in one cluster: the PetSet controller takes the first distribution rule that names a pod's
// replica index, so an index named twice is placed by accident of order and the later rule's cluster gets
// one pod fewer than the policy says.
import type { FieldError } from '../field-error.js';
import { defineRule } from '../rule.js';
import { placementRules, type PlacementRule } from './placement-distribution.js';
import { PLACEMENT_POLICY } from './placement-policy-kind.js';

export const placementDuplicateReplicaIndex = defineRule({
  id: 'kubedb/placement-duplicate-replica-index',
  noCelTwin:
    "compares every replica index with those of every rule, quadratic over lists KubeDB leaves unbounded: beyond a CRD's CEL cost budget without limits KubeDB does not have",
  kinds: [PLACEMENT_POLICY],
  severity: 'error',
  reason: 'FieldValueDuplicate',
  what: 'A PlacementPolicy gives the same replica index to two distribution rules (or twice to one).',
  why: 'Each pod runs in one cluster: KubeDB takes the first rule that names its index, so the other cluster silently gets one pod fewer than the policy says.',
  fix: "Keep each index in exactly one rule's replicaIndices (replicas in the spec.ocm form).",
  check({ object, at }) {
    const first = new Map<number, PlacementRule>();
    const findings: FieldError[] = [];
    for (const rule of placementRules(object)?.rules ?? []) {
      for (const index of rule.indices) {
        const owner = first.get(index.value);
        if (!owner) {
          first.set(index.value, rule);
          continue;
        }
        const where = owner === rule ? 'earlier in the same rule' : `in the rule for cluster "${owner.clusterName ?? '?'}" (${owner.path})`;
        findings.push(
          at(
            index.path,
            `Duplicate value: ${index.value}: replica index ${index.value} is already placed ${where}; KubeDB uses the first rule, so this one is ignored: keep the index in one rule only`,
          ),
        );
      }
    }
    return findings;
  },
});

// The PlacementPolicy kind's policy (apps.k8s.appscode.com/v1, cluster-scoped): the policy a distributed KubeDB
// database names in spec.podTemplate.spec.podPlacementPolicy. Its CRD's defaults, an index placed twice, and
// the SliceConfig whose clusters its distribution rules must stay within.
import { definePolicy } from '../kind-policy.js';
import { defaultPlacementPolicy } from './placement-policy-defaults.js';
import { placementDuplicateReplicaIndex } from './placement-policy-index-rules.js';
import { PLACEMENT_POLICY } from './placement-policy-kind.js';
import { placementClusterNotInSlice, sliceConfigNotFound } from './placement-policy-slice-rules.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

export const placementPolicyPolicy = definePolicy({
  ...PLACEMENT_POLICY,
  defaults: defaultPlacementPolicy,
  rules: [placementDuplicateReplicaIndex, sliceConfigNotFound, placementClusterNotInSlice],
  references: [
    {
      ...SLICE_CONFIG,
      why: 'the clusters of spec.clusterSpreadConstraint.distributionRules must be members of the SliceConfig of spec.clusterSpreadConstraint.slice',
      watched: true,
    },
  ],
});

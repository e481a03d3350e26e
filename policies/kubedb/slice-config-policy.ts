// The KubeSlice SliceConfig kind's policy (controller.kubeslice.io/v1alpha1): the slice that connects the pods
// of a distributed KubeDB database across clusters. Its CRD's defaults, and what the KubeSlice controller's
// webhook rejects, so a manifest fails in review rather than at apply time (checks that need the cluster, such
// as registered clusters and CNI subnet overlaps, are left to it).
import { definePolicy } from '../kind-policy.js';
import { immutableField } from './kubedb-immutable-field-rule.js';
import { sliceDuplicateCluster, sliceTooManyClusters, sliceUnknownCluster } from './slice-config-cluster-rules.js';
import { defaultSliceConfig } from './slice-config-defaults.js';
import { SLICE_CONFIG } from './slice-config-kind.js';
import { sliceBandwidthGuaranteeAboveCeiling, sliceQosProfileRequired } from './slice-config-qos-rules.js';
import { sliceSubnetInvalid } from './slice-config-subnet-rules.js';

export const sliceConfigPolicy = definePolicy({
  ...SLICE_CONFIG,
  defaults: defaultSliceConfig,
  rules: [
    sliceSubnetInvalid,
    sliceDuplicateCluster,
    sliceTooManyClusters,
    sliceUnknownCluster,
    sliceQosProfileRequired,
    sliceBandwidthGuaranteeAboveCeiling,
    immutableField,
  ],
});

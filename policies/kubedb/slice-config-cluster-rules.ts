// The member clusters of a slice: KubeSlice rejects a cluster listed twice and a namespace or gateway setting
// for a cluster that is not a member, and gives each member a share of sliceSubnet sized by maxClusters, so a
// cluster beyond maxClusters gets no network.
// https://github.com/kubeslice/kubeslice-controller/blob/master/service/slice_config_webhook_validation.go
import type { FieldError } from '../field-error.js';
import { arrayAt, numberAt, objectAt, type JsonObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

const DEFAULT_MAX_CLUSTERS = 16;

export const sliceDuplicateCluster = defineRule({
  id: 'kubedb/slice-duplicate-cluster',
  kinds: [SLICE_CONFIG],
  severity: 'error',
  reason: 'FieldValueDuplicate',
  what: 'spec.clusters lists a cluster twice.',
  why: 'The KubeSlice controller rejects the SliceConfig (Duplicate value).',
  fix: 'List each cluster once.',
  check({ spec, at }) {
    const seen = new Set<unknown>();
    return (arrayAt(spec, 'clusters') ?? []).flatMap((cluster, i) => {
      const repeated = seen.has(cluster);
      seen.add(cluster);
      return repeated ? [at(`spec.clusters[${i}]`, `Duplicate value: "${String(cluster)}": list each cluster once`)] : [];
    });
  },
});

export const sliceTooManyClusters = defineRule({
  id: 'kubedb/slice-too-many-clusters',
  kinds: [SLICE_CONFIG],
  severity: 'error',
  reason: 'FieldValueTooMany',
  what: 'spec.clusters lists more clusters than spec.maxClusters (16 by default).',
  why: "maxClusters sizes each cluster's share of sliceSubnet: the clusters beyond it get no subnet and their pods no slice network.",
  fix: 'Raise spec.maxClusters (up to 32) when you create the slice, or list fewer clusters.',
  check({ spec, at }) {
    // A cluster listed twice is counted once: the repeat is kubedb/slice-duplicate-cluster's.
    const count = new Set(arrayAt(spec, 'clusters') ?? []).size;
    const max = spec.maxClusters === undefined ? DEFAULT_MAX_CLUSTERS : numberAt(spec, 'maxClusters');
    if (max === undefined || count <= max) return [];
    const shown = spec.maxClusters === undefined ? `${max} (the default)` : String(max);
    return [
      at(
        'spec.clusters',
        `Too many: ${count}: must have at most ${shown} clusters (spec.maxClusters), or the clusters beyond get no share of sliceSubnet: raise spec.maxClusters (up to 32) or list fewer clusters`,
      ),
    ];
  },
});

/** Cluster lists that must name members of the slice (or * alone). */
function referencedClusterLists(spec: JsonObject): Array<{ path: string; clusters: unknown[] }> {
  const out: Array<{ path: string; clusters: unknown[] }> = [];
  const profile = objectAt(spec, 'namespaceIsolationProfile');
  for (const list of ['applicationNamespaces', 'allowedNamespaces']) {
    (arrayAt(profile, list) ?? []).forEach((selection, i) => {
      const clusters = arrayAt(selection, 'clusters');
      if (clusters) out.push({ path: `spec.namespaceIsolationProfile.${list}[${i}].clusters`, clusters });
    });
  }
  (arrayAt(spec, 'externalGatewayConfig') ?? []).forEach((config, i) => {
    const clusters = arrayAt(config, 'clusters');
    if (clusters) out.push({ path: `spec.externalGatewayConfig[${i}].clusters`, clusters });
  });
  return out;
}

export const sliceUnknownCluster = defineRule({
  id: 'kubedb/slice-unknown-cluster',
  noCelTwin:
    "compares every cluster of every namespace selection and gateway with spec.clusters; the namespace lists KubeSlice leaves unbounded put the cost estimate beyond a CRD's CEL budget",
  kinds: [SLICE_CONFIG],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'A namespace selection or external gateway names a cluster that is not in spec.clusters, or * beside other clusters.',
  why: 'The KubeSlice controller rejects it ("Cluster is not participating in slice config", "Other clusters are not allowed when * is present").',
  fix: 'Add the cluster to spec.clusters, correct its name, or use * alone for every cluster.',
  check({ spec, at }) {
    const members = new Set(arrayAt(spec, 'clusters') ?? []);
    const findings: FieldError[] = [];
    for (const { path, clusters } of referencedClusterLists(spec)) {
      if (clusters.includes('*') && clusters.length > 1) {
        findings.push(
          at(
            path,
            `Invalid value: ${clusters.map((c) => `"${String(c)}"`).join(', ')}: other clusters are not allowed when * is present: use * alone, or list the clusters`,
          ),
        );
        continue;
      }
      clusters.forEach((cluster, i) => {
        if (typeof cluster === 'string' && cluster !== '*' && !members.has(cluster)) {
          findings.push(
            at(`${path}[${i}]`, `Invalid value: "${cluster}": cluster is not participating in the slice: add it to spec.clusters, or correct the name`),
          );
        }
      });
    }
    return findings;
  },
});

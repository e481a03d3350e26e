// The clusters a PlacementPolicy places pods in must be members of the KubeSlice SliceConfig it names, or the
// pods there get no overlay network and cannot reach the other nodes. Read through the cluster reader (the
// cluster, or the other documents of a lint run); a SliceConfig that could not be asked about is not judged.
// https://kubedb.com/docs/latest/guides/mariadb/distributed/
import type { KubeObject } from '../kube-object.js';
import { arrayAt, objectAt, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule, type RuleOutcome } from '../rule.js';
import { placementRules, type PlacementRules } from './placement-distribution.js';
import { PLACEMENT_POLICY } from './placement-policy-kind.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

interface NamedSlice {
  namespace: string;
  name: string;
  /** `undefined` when it does not exist. */
  found: KubeObject | undefined;
  rules: PlacementRules;
}

/** The SliceConfig of spec.clusterSpreadConstraint.slice; instead, the rule's outcome when there is none to read. */
async function namedSlice(policy: KubeObject, ctx: PolicyContext): Promise<NamedSlice | { outcome: RuleOutcome }> {
  const rules = placementRules(policy);
  if (!rules) return { outcome: [] };
  // The spec.ocm form names its slice without the project namespace it lives in, so it cannot be looked up
  // by name alone: that check needs a reader that can list.
  if (rules.form !== 'clusterSpreadConstraint')
    return { outcome: { skipped: 'the spec.ocm form names its slice without its project namespace, so it cannot be looked up' } };
  const slice = objectAt(objectAt(objectAt(policy, 'spec'), 'clusterSpreadConstraint'), 'slice');
  const namespace = stringAt(slice, 'projectNamespace');
  const name = stringAt(slice, 'sliceName');
  if (!namespace || !name) return { outcome: [] };
  const found = await ctx.reader.get({ ...SLICE_CONFIG, namespace, name });
  if (found === 'unknown') return { outcome: { skipped: `SliceConfig ${namespace}/${name} could not be looked up` } };
  return { namespace, name, found, rules };
}

export const sliceConfigNotFound = defineRule({
  id: 'kubedb/slice-config-not-found',
  noCelTwin: 'reads the named SliceConfig from the cluster',
  kinds: [PLACEMENT_POLICY],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'spec.clusterSpreadConstraint.slice names a SliceConfig that does not exist.',
  why: 'Without the slice the pods in different clusters cannot reach each other (fine if you create the SliceConfig next).',
  fix: 'Create the SliceConfig in the project namespace, or correct slice.projectNamespace and slice.sliceName.',
  async check({ object, ctx, at }) {
    const slice = await namedSlice(object, ctx);
    if ('outcome' in slice) return slice.outcome;
    if (slice.found) return [];
    return [
      at(
        'spec.clusterSpreadConstraint.slice.sliceName',
        `Not found: SliceConfig ${slice.namespace}/${slice.name} does not exist: create it, or correct slice.projectNamespace and slice.sliceName`,
      ),
    ];
  },
});

export const placementClusterNotInSlice = defineRule({
  id: 'kubedb/placement-cluster-not-in-slice',
  noCelTwin: 'reads the named SliceConfig from the cluster',
  kinds: [PLACEMENT_POLICY],
  severity: 'error',
  reason: 'FieldValueNotFound',
  what: "A distribution rule names a cluster that is not in the clusters of the PlacementPolicy's SliceConfig.",
  why: 'Pods placed in a cluster outside the slice get no overlay network: they cannot reach the other Galera nodes and never join the cluster.',
  fix: "Add the cluster to the SliceConfig's spec.clusters, or correct the rule's clusterName.",
  async check({ object, ctx, at }) {
    const slice = await namedSlice(object, ctx);
    if ('outcome' in slice) return slice.outcome;
    const { namespace, name, found, rules } = slice;
    if (!found) return { skipped: `SliceConfig ${namespace}/${name} does not exist (kubedb/slice-config-not-found)` };
    const clusters = arrayAt(objectAt(found, 'spec'), 'clusters');
    // Without a cluster list there is no membership to check against (the SliceConfig schema does not require one).
    if (!clusters) return { skipped: `SliceConfig ${namespace}/${name} lists no spec.clusters` };
    const members = clusters.filter((c): c is string => typeof c === 'string');
    const shown = members.length > 0 ? members.map((c) => `"${c}"`).join(', ') : 'none';
    return rules.rules
      .filter((rule) => rule.clusterName !== undefined && !members.includes(rule.clusterName))
      .map((rule) =>
        at(
          `${rule.path}.clusterName`,
          `Not found: cluster "${rule.clusterName}" is not in the clusters of SliceConfig ${namespace}/${name} (${shown}): its pods would have no slice network to the other nodes: add it to the SliceConfig's spec.clusters, or correct clusterName`,
        ),
      );
  },
});

// The clusters a PlacementPolicy places pods in must be members of the KubeSlice SliceConfig it names, or the
// pods there get no overlay network and cannot reach the other nodes. Read through the cluster reader (the
// cluster, or the other documents of a lint run); a SliceConfig that could not be asked about is not judged.
// Both forms are read: spec.clusterSpreadConstraint.slice and the distributed Galera guide's spec.ocm.sliceName.
// https://kubedb.com/docs/latest/guides/mariadb/distributed/
import type { KubeObject } from '../kube-object.js';
import { arrayAt, objectAt, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule, type RuleOutcome } from '../rule.js';
import { placementRules, type PlacementRules } from './placement-distribution.js';
import { PLACEMENT_POLICY } from './placement-policy-kind.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

interface NamedSlice {
  /** The SliceConfig's namespace; for the spec.ocm form, where it was found (undefined when not found). */
  namespace: string | undefined;
  name: string;
  /** Where the PlacementPolicy names the slice. */
  path: string;
  /** `undefined` when it does not exist. */
  found: KubeObject | undefined;
  rules: PlacementRules;
}

/** `ns/name`, or the bare name of a spec.ocm slice that was not found in any namespace. */
function sliceLabel(slice: Pick<NamedSlice, 'namespace' | 'name'>): string {
  return slice.namespace ? `${slice.namespace}/${slice.name}` : `"${slice.name}"`;
}

/**
 * The SliceConfig a PlacementPolicy names, in either form; instead, the rule's outcome when there is none to
 * read. spec.clusterSpreadConstraint.slice names its project namespace; spec.ocm.sliceName (the distributed
 * Galera guide's form) does not, so it is looked up by name in every namespace, and two namesakes are ambiguous.
 */
export async function namedSlice(policy: KubeObject, ctx: PolicyContext): Promise<NamedSlice | { outcome: RuleOutcome }> {
  const rules = placementRules(policy);
  if (!rules) return { outcome: [] };
  const spec = objectAt(policy, 'spec');
  if (rules.form === 'ocm') {
    const name = stringAt(objectAt(spec, 'ocm'), 'sliceName');
    if (!name) return { outcome: [] };
    const found = await ctx.reader.named!({ ...SLICE_CONFIG, name });
    if (found === 'unknown') return { outcome: { skipped: `SliceConfig "${name}" could not be looked up in every namespace` } };
    if (found.length > 1) {
      const where = found.map((o) => o.metadata?.namespace ?? '?').join(', ');
      return { outcome: { skipped: `several SliceConfigs are named "${name}" (in ${where}): spec.ocm.sliceName does not say which` } };
    }
    return { namespace: found[0]?.metadata?.namespace, name, path: 'spec.ocm.sliceName', found: found[0], rules };
  }
  const slice = objectAt(objectAt(spec, 'clusterSpreadConstraint'), 'slice');
  const namespace = stringAt(slice, 'projectNamespace');
  const name = stringAt(slice, 'sliceName');
  if (!namespace || !name) return { outcome: [] };
  const found = await ctx.reader.get({ ...SLICE_CONFIG, namespace, name });
  if (found === 'unknown') return { outcome: { skipped: `SliceConfig ${namespace}/${name} could not be looked up` } };
  return { namespace, name, path: 'spec.clusterSpreadConstraint.slice.sliceName', found, rules };
}

export const sliceConfigNotFound = defineRule({
  id: 'kubedb/slice-config-not-found',
  noCelTwin: 'reads the named SliceConfig from the cluster',
  kinds: [PLACEMENT_POLICY],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'spec.clusterSpreadConstraint.slice or spec.ocm.sliceName names a SliceConfig that does not exist.',
  why: 'Without the slice the pods in different clusters cannot reach each other (fine if you create the SliceConfig next).',
  fix: 'Create the SliceConfig in the project namespace, or correct the slice name (and slice.projectNamespace).',
  async check({ object, ctx, at }) {
    const slice = await namedSlice(object, ctx);
    if ('outcome' in slice) return slice.outcome;
    if (slice.found) return [];
    const correct = slice.rules.form === 'ocm' ? 'spec.ocm.sliceName' : 'slice.projectNamespace and slice.sliceName';
    const where = slice.namespace ? '' : ' in any namespace';
    return [at(slice.path, `Not found: SliceConfig ${sliceLabel(slice)} does not exist${where}: create it, or correct ${correct}`)];
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
    const { found, rules } = slice;
    const label = sliceLabel(slice);
    if (!found) return { skipped: `SliceConfig ${label} does not exist (kubedb/slice-config-not-found)` };
    const clusters = arrayAt(objectAt(found, 'spec'), 'clusters');
    // Without a cluster list there is no membership to check against (the SliceConfig schema does not require one).
    if (!clusters) return { skipped: `SliceConfig ${label} lists no spec.clusters` };
    const members = clusters.filter((c): c is string => typeof c === 'string');
    const shown = members.length > 0 ? members.map((c) => `"${c}"`).join(', ') : 'none';
    return rules.rules
      .filter((rule) => rule.clusterName !== undefined && !members.includes(rule.clusterName))
      .map((rule) =>
        at(
          `${rule.path}.clusterName`,
          `Not found: cluster "${rule.clusterName}" is not in the clusters of SliceConfig ${label} (${shown}): its pods would have no slice network to the other nodes: add it to the SliceConfig's spec.clusters, or correct clusterName`,
        ),
      );
  },
});

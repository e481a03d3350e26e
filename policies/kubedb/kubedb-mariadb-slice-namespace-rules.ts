// A distributed KubeDB MariaDB reaches its other nodes through the KubeSlice overlay network, and KubeSlice
// connects only the namespaces its SliceConfig onboards (spec.namespaceIsolationProfile.applicationNamespaces):
// the distributed Galera guide onboards the database's namespace before creating the MariaDB. A namespace left
// out gets no slice network, so the pods in other clusters never join the Galera cluster. Read through the
// PlacementPolicy the MariaDB names, and the SliceConfig that policy names (either form).
// https://kubedb.com/docs/latest/guides/mariadb/distributed/
import { arrayAt, objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';
import { namedPlacement, PLACEMENT_NAME_PATH } from './kubedb-mariadb-placement-rules.js';
import { namedSlice } from './placement-policy-slice-rules.js';

export const namespaceNotInSlice = defineRule({
  id: 'kubedb/namespace-not-in-slice',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: "A distributed MariaDB's namespace is not onboarded by the SliceConfig its PlacementPolicy names, in every cluster the pods are placed in.",
  why: 'KubeSlice connects only onboarded namespaces: pods in the other clusters get no overlay network and never join the Galera cluster.',
  fix: "Add the namespace to the SliceConfig's spec.namespaceIsolationProfile.applicationNamespaces (clusters: ['*'] or each cluster the PlacementPolicy uses).",
  noCelTwin: 'reads the PlacementPolicy and the SliceConfig from the cluster',
  async check({ spec, ctx, at }) {
    const placement = await namedPlacement(spec, ctx);
    if ('outcome' in placement) return placement.outcome;
    if (!placement.found) return { skipped: `PlacementPolicy "${placement.name}" does not exist (kubedb/placement-policy-not-found)` };
    const slice = await namedSlice(placement.found, ctx);
    if ('outcome' in slice) return slice.outcome;
    if (!slice.found) return { skipped: `the SliceConfig of PlacementPolicy "${placement.name}" does not exist (kubedb/slice-config-not-found)` };
    const onboarded = (arrayAt(objectAt(objectAt(slice.found, 'spec'), 'namespaceIsolationProfile'), 'applicationNamespaces') ?? []).filter(
      (entry) => stringAt(entry, 'namespace') === ctx.namespace,
    );
    const clustersOf = (entry: unknown) => (arrayAt(entry, 'clusters') ?? []).filter((c): c is string => typeof c === 'string');
    const everywhere = onboarded.some((entry) => clustersOf(entry).includes('*'));
    const covered = new Set(onboarded.flatMap(clustersOf));
    const used = [...new Set(slice.rules.rules.map((r) => r.clusterName).filter((c): c is string => c !== undefined))];
    const missing = everywhere ? [] : used.filter((c) => !covered.has(c));
    if (onboarded.length > 0 && missing.length === 0) return [];
    const label = `${slice.namespace}/${slice.name}`;
    const detail =
      onboarded.length === 0
        ? `SliceConfig ${label} does not onboard namespace "${ctx.namespace}"`
        : `SliceConfig ${label} onboards namespace "${ctx.namespace}" only in ${[...covered].map((c) => `"${c}"`).join(', ') || 'no cluster'}, not in ${missing.map((c) => `"${c}"`).join(', ')}`;
    return [
      at(
        PLACEMENT_NAME_PATH,
        `Invalid value: "${placement.name}": ${detail}, so pods placed there get no slice network and cannot join the cluster: add {namespace: ${ctx.namespace}, clusters: ['*']} to its spec.namespaceIsolationProfile.applicationNamespaces`,
      ),
    ];
  },
});

// What charts/mdbkit-webhook sends to the webhook and lets it read, per API group and version: the webhook
// configurations' rules and the ClusterRole's, written out per group and switched on by `servedGroups`.
// The only part of the chart's templates that depends on the schemas.
import type { KindDefinition } from '../../kinds/kind-definition.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';

/** One admission rule or RBAC rule set per API group and version. */
export interface GroupRule {
  group: string;
  version: string;
  /** Every kind's plural. */
  plurals: string[];
  /** The plurals plus `<plural>/scale` for kinds with a scale subresource (kubectl scale reaches the webhook so). */
  resources: string[];
  scope: 'Namespaced' | 'Cluster' | '*';
}

export function groupRules(set: SchemaSet): GroupRule[] {
  const byKey = new Map<string, { group: string; version: string; kinds: KindDefinition[] }>();
  for (const kind of set.kinds) {
    for (const group of kind.groups) {
      const key = `${group}/${kind.version}`;
      const entry = byKey.get(key) ?? { group, version: kind.version, kinds: [] };
      if (!entry.kinds.some((k) => k.plural === kind.plural)) entry.kinds.push(kind);
      byKey.set(key, entry);
    }
  }
  return [...byKey.keys()].sort().map((key) => {
    const { group, version, kinds } = byKey.get(key)!;
    const plurals = kinds.map((k) => k.plural).sort();
    const resources = kinds.flatMap((k) => (k.scale ? [k.plural, `${k.plural}/scale`] : [k.plural])).sort();
    const scopes = new Set(kinds.map((k) => k.scope));
    return { group, version, plurals, resources, scope: scopes.size === 1 ? [...scopes][0]! : '*' };
  });
}

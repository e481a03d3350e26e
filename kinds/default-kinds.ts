// The kinds as mdbkit judges them when nobody chooses an operator version: hand-written kinds, and each
// imported kind at the default version of its groups. What the single-version outputs (types, the editors'
// all-in-one schema, the cluster chart) are made from.
import type { KindDefinition } from './kind-definition.js';
import type { SchemaSet } from './load-schemas.js';

/** The groups a definition is the default of: all of them for a hand-written kind. */
export function defaultGroupsOf(set: SchemaSet, definition: KindDefinition): string[] {
  if (!definition.operatorVersion) return definition.groups;
  return definition.groups.filter((g) => set.operatorVersions?.groups.get(g)?.default === definition.operatorVersion);
}

export function defaultKinds(set: SchemaSet): KindDefinition[] {
  return set.kinds.filter((k) => defaultGroupsOf(set, k).length > 0);
}

/** The kind named so in a group, at the group's default operator version. */
export function defaultKindIn(set: SchemaSet, group: string, kind: string): KindDefinition | undefined {
  return set.kinds.find((k) => k.kind === kind && defaultGroupsOf(set, k).includes(group));
}

// The CEL rules (x-kubernetes-validations) each kind carries into its CRD, as the chart READMEs, `mdbkit rules` and
// docs/rules.md list them: what the API server still refuses when no admission webhook runs. A rule sits on
// any node of the schema (spec, spec.pod, a list's items), and one tied to a policy rule (`x-mdbkit-rule`,
// stripped from the CRDs) is that rule's twin.
import { isSchemaObject, type JSONSchema } from './json-schema.js';
import type { SchemaSet } from './load-schemas.js';

export interface ValidationRule {
  kind: string;
  /** The API groups that serve the kind: `kubedb.com`, `enterprise.mariadb.com, k8s.mariadb.com`. */
  groups: string;
  message: string;
  /** Where it sits: `spec`, `spec.pod`, `spec.servers[]`, `spec.labels.*`. */
  at: string;
  /** The policy rule it twins, when it is tied to one (the key is always there: the templates are strict). */
  rule: string | undefined;
  /** `mariadb-operator 26.6 only` when some operator versions of the kind lack it; else undefined. */
  only: string | undefined;
}

/** Every CEL rule below `schema`, with its place; `$ref`s are followed once each (shared fragments recurse). */
function rulesIn(set: SchemaSet, schema: JSONSchema, at: string, out: Array<Omit<ValidationRule, 'kind' | 'groups' | 'only'>>, seen: Set<string>): void {
  let node = schema;
  if (typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) return;
    seen.add(node.$ref);
    try {
      node = { ...set.lookup.resolve(node.$ref), ...node };
    } catch {
      // An unresolvable $ref is the loader's and the structural check's to report.
    }
  }
  for (const v of (node['x-kubernetes-validations'] as Array<Record<string, unknown>> | undefined) ?? []) {
    if (typeof v.message !== 'string') continue;
    out.push({ message: v.message, at, rule: typeof v['x-mdbkit-rule'] === 'string' ? v['x-mdbkit-rule'] : undefined });
  }
  for (const [name, sub] of Object.entries(node.properties ?? {}))
    if (isSchemaObject(sub)) rulesIn(set, sub, at === '' ? name : `${at}.${name}`, out, new Set(seen));
  if (isSchemaObject(node.items)) rulesIn(set, node.items, `${at}[]`, out, new Set(seen));
  if (isSchemaObject(node.additionalProperties)) rulesIn(set, node.additionalProperties, `${at}.*`, out, new Set(seen));
}

/** Every CEL rule of every kind's spec (kind by kind, outermost first); the same rule in several operator versions once. */
export function specValidationRules(set: SchemaSet): ValidationRule[] {
  // One entry per kind (of one system), place and message; its groups are those of every version that has it.
  const byKey = new Map<string, { rule: Omit<ValidationRule, 'groups' | 'only'>; kind: string; groups: Set<string>; versions: Set<string> }>();
  const versionsOfKind = new Map<string, Set<string>>();
  for (const k of set.kinds) {
    const kind = `${k.sourceGroup}\u0000${k.kind}`;
    const versions = versionsOfKind.get(kind) ?? new Set<string>();
    if (k.operatorVersion !== undefined) versions.add(k.operatorVersion);
    versionsOfKind.set(kind, versions);
    const spec = k.schema.properties?.spec;
    const found: Array<Omit<ValidationRule, 'kind' | 'groups' | 'only'>> = [];
    if (isSchemaObject(spec)) rulesIn(set, spec, 'spec', found, new Set());
    for (const r of found) {
      const key = `${kind}\u0000${r.at}\u0000${r.message}`;
      const entry = byKey.get(key) ?? { rule: { kind: k.kind, ...r }, kind, groups: new Set<string>(), versions: new Set<string>() };
      for (const g of k.groups) entry.groups.add(g);
      if (k.operatorVersion !== undefined) entry.versions.add(k.operatorVersion);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].map(({ rule, kind, groups, versions }) => ({
    ...rule,
    groups: [...groups].sort().join(', '),
    only: versions.size < (versionsOfKind.get(kind)?.size ?? 0) ? `mariadb-operator ${[...versions].sort().join(', ')} only` : undefined,
  }));
}

/** Where each policy rule has a twin in a CRD, by rule id: `Galera (sql.databases) at spec.pod`. */
export function celTwinsByRule(set: SchemaSet): Map<string, string[]> {
  const byRule = new Map<string, string[]>();
  for (const r of specValidationRules(set)) {
    if (r.rule === undefined) continue;
    const where = `${r.kind} (${r.groups}) at ${r.at}`;
    const list = byRule.get(r.rule) ?? [];
    if (!list.includes(where)) list.push(where);
    byRule.set(r.rule, list);
  }
  return byRule;
}

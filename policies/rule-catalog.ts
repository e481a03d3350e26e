// Every rule mdbkit can report, gathered from the one place each is defined: the kinds' policies, the schema
// check's keyword rules and the document rules. `mdbkit rules`, docs/rules.md, SARIF's rule list, config
// validation and the webhook's metrics all read this list.
import { DOCUMENT_RULES } from './document-rules.js';
import type { KindPolicy } from './kind-policy.js';
import type { Rule } from './rule.js';
import { SCHEMA_RULES } from './schema-rules.js';

/** The rules of the given policies plus the schema and document rules, sorted by id; an id defined twice throws. */
export function ruleCatalog(policies: readonly KindPolicy[]): Rule[] {
  const byId = new Map<string, Rule>();
  for (const rule of [...SCHEMA_RULES, ...DOCUMENT_RULES, ...policies.flatMap((p) => p.rules)]) {
    const existing = byId.get(rule.id);
    if (existing !== undefined && existing !== rule) throw new Error(`rule ${rule.id} is defined twice`);
    byId.set(rule.id, rule);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

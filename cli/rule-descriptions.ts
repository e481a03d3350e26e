// Every rule id a lint finding can carry, described once for `mdbkit rules` and SARIF's rule list: the
// policies' catalog, the schema check's keyword rules (policies/schema-errors.ts names them after the
// JSON Schema keyword) and the linter's own (YAML syntax, a policy that threw).
import type { Severity } from '../policies/field-error.js';
import { ruleCatalog } from '../policies/rule-catalog.js';

export interface RuleDescription {
  id: string;
  severity: Severity;
  what: string;
  why: string;
  fix: string;
}

const SCHEMA_WHY = 'The API server checks every object against its CRD schema and rejects the whole manifest when a field does not fit.';

const schemaRule = (keyword: string, what: string, fix: string): RuleDescription => ({
  id: `schema/${keyword}`,
  severity: 'error',
  what,
  why: SCHEMA_WHY,
  fix,
});

const SCHEMA_RULES: RuleDescription[] = [
  {
    id: 'schema/unknown-field',
    severity: 'error',
    what: 'A field the kind does not have, often a misspelling or the wrong case (mariaDBRef for mariaDbRef).',
    why: "kubectl's strict field validation rejects the manifest; with validation off, the API server silently drops the field and the setting never takes effect.",
    fix: 'Use the field name the message suggests, or remove the field.',
  },
  schemaRule('required', 'A field the kind needs is missing.', 'Add the field named in the finding.'),
  schemaRule('enum', 'A value outside the closed set of values the field accepts.', 'Use one of the supported values listed in the message.'),
  schemaRule('const', 'A value other than the one the field accepts.', 'Use the value given in the message.'),
  schemaRule('type', 'A value of the wrong type (a string where a number is expected, a list where a map is).', 'Write the value with the type given in the message; quote numbers meant as strings.'),
  schemaRule('pattern', 'A string that does not have the expected form (a duration, a quantity, a DNS name).', 'Write the value in the form the message describes.'),
  schemaRule('format', 'A string that is not a valid value of its format.', 'Write a value of the format named in the message.'),
  schemaRule('minimum', 'A number below the smallest value the field accepts.', 'Use a value within the range given in the message.'),
  schemaRule('maximum', 'A number above the largest value the field accepts.', 'Use a value within the range given in the message.'),
  schemaRule('exclusive-minimum', 'A number not above the lower bound of the field.', 'Use a value within the range given in the message.'),
  schemaRule('exclusive-maximum', 'A number not below the upper bound of the field.', 'Use a value within the range given in the message.'),
  schemaRule('min-length', 'A string shorter than the field allows.', 'Write a longer value.'),
  schemaRule('max-length', 'A string longer than the field allows.', 'Shorten the value.'),
  schemaRule('min-items', 'A list or map with fewer entries than the field needs.', 'Add entries, or remove the field to leave it unset.'),
  schemaRule('max-items', 'A list with more entries than the field allows.', 'Remove entries.'),
  schemaRule('min-properties', 'A map with fewer entries than the field needs.', 'Add entries, or remove the field to leave it unset.'),
  schemaRule('max-properties', 'A map with more entries than the field allows.', 'Remove entries.'),
  schemaRule('unique-items', 'The same entry twice in a list whose entries must be distinct.', 'Remove or rename the duplicate.'),
];

export const CLI_RULES: RuleDescription[] = [
  {
    id: 'yaml/syntax',
    severity: 'error',
    what: 'A document that is not well-formed YAML (bad indentation, a duplicate key, an unclosed quote); YAML warnings are reported under the same id as warnings.',
    why: 'kubectl cannot read the document, so nothing in it is applied, and no other check can run on it.',
    fix: 'Correct the YAML at the line and column given.',
  },
  {
    id: 'mdbkit/internal-error',
    severity: 'error',
    what: 'mdbkit failed while defaulting or checking a document.',
    why: 'The document was not fully checked; this is a bug in mdbkit, not necessarily in the manifest.',
    fix: 'Report the message and the manifest to the mdbkit maintainers.',
  },
];

/** Every rule mdbkit can report, sorted by id; load the policies (policies/registry.ts) first. */
export function knownRules(): RuleDescription[] {
  const byId = new Map<string, RuleDescription>();
  for (const rule of [...CLI_RULES, ...SCHEMA_RULES]) byId.set(rule.id, rule);
  // The policies' own catalog wins should it ever describe a schema rule itself.
  for (const { id, severity, what, why, fix } of ruleCatalog()) byId.set(id, { id, severity, what, why, fix });
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** A description for any rule id, including schema keywords not listed above (`schema/multiple-of`). */
export function describeRule(id: string, known: readonly RuleDescription[] = knownRules()): RuleDescription {
  const rule = known.find((r) => r.id === id);
  if (rule) return rule;
  if (id.startsWith('schema/')) {
    return schemaRule(id.slice('schema/'.length), `A value that breaks the "${id.slice('schema/'.length)}" constraint of the kind's schema.`, 'Change the value as the message says.');
  }
  return { id, severity: 'error', what: id, why: 'See the finding message.', fix: 'See the finding message.' };
}

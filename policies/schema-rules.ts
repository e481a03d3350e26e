// The rules of the schema check, one per JSON Schema keyword a finding can come from (policies/schema-errors.ts
// names each finding after its keyword). They have no check of their own: the schema check reports them, and
// the engine records a rule as failed when one of its findings is among the schema's.
import type { CauseReason } from './field-error.js';
import { defineRule, type Rule } from './rule.js';

const SCHEMA_WHY = 'The API server checks every object against its CRD schema and rejects the whole manifest when a field does not fit.';
const RANGE_FIX = 'Use a value within the range given in the message.';

function schemaRule(name: string, reason: CauseReason, what: string, fix: string): Rule {
  return defineRule({ id: `schema/${name}`, severity: 'error', reason, kinds: '*', reportedBy: 'schema', what, why: SCHEMA_WHY, fix });
}

export const SCHEMA_RULES: readonly Rule[] = [
  defineRule({
    id: 'schema/unknown-field',
    severity: 'error',
    reason: 'FieldValueNotFound',
    kinds: '*',
    reportedBy: 'schema',
    pointsAtKey: true,
    what: 'A field the kind does not have, often a misspelling or the wrong case (mariaDBRef for mariaDbRef).',
    why: "kubectl's strict field validation rejects the manifest; with validation off, the API server silently drops the field and the setting never takes effect.",
    fix: 'Use the field name the message suggests, or remove the field.',
  }),
  defineRule({
    id: 'schema/not-in-operator-version',
    severity: 'error',
    reason: 'FieldValueNotFound',
    kinds: '*',
    reportedBy: 'schema',
    pointsAtKey: true,
    what: 'A field the chosen mariadb-operator version does not have, though another version does: added or removed by the operator (spec.maxScale of MariaDB, gone after 25.10.2).',
    why: 'The operator of that version prunes or rejects the field, so the setting it stood for silently stops (or never starts) taking effect on upgrade.',
    fix: 'Do what the message says the operator now wants, or lint for the operator version the cluster runs (--operator-version).',
  }),
  schemaRule('required', 'FieldValueRequired', 'A field the kind needs is missing.', 'Add the field named in the finding.'),
  schemaRule(
    'enum',
    'FieldValueNotSupported',
    'A value outside the closed set of values the field accepts.',
    'Use one of the supported values listed in the message.',
  ),
  schemaRule('const', 'FieldValueNotSupported', 'A value other than the one the field accepts.', 'Use the value given in the message.'),
  schemaRule(
    'type',
    'FieldValueTypeInvalid',
    'A value of the wrong type (a string where a number is expected, a list where a map is).',
    'Write the value with the type given in the message; quote numbers meant as strings.',
  ),
  schemaRule(
    'pattern',
    'FieldValueInvalid',
    'A string that does not have the expected form (a duration, a quantity, a DNS name).',
    'Write the value in the form the message describes.',
  ),
  schemaRule('format', 'FieldValueInvalid', 'A string that is not a valid value of its format.', 'Write a value of the format named in the message.'),
  schemaRule('minimum', 'FieldValueInvalid', 'A number below the smallest value the field accepts.', RANGE_FIX),
  schemaRule('maximum', 'FieldValueInvalid', 'A number above the largest value the field accepts.', RANGE_FIX),
  schemaRule('exclusive-minimum', 'FieldValueInvalid', 'A number not above the lower bound of the field.', RANGE_FIX),
  schemaRule('exclusive-maximum', 'FieldValueInvalid', 'A number not below the upper bound of the field.', RANGE_FIX),
  schemaRule('min-length', 'FieldValueInvalid', 'A string shorter than the field allows.', 'Write a longer value.'),
  schemaRule('max-length', 'FieldValueTooLong', 'A string longer than the field allows.', 'Shorten the value.'),
  schemaRule('min-items', 'FieldValueRequired', 'A list with fewer entries than the field needs.', 'Add entries, or remove the field to leave it unset.'),
  schemaRule('max-items', 'FieldValueTooMany', 'A list with more entries than the field allows.', 'Remove entries.'),
  schemaRule('min-properties', 'FieldValueRequired', 'A map with fewer entries than the field needs.', 'Add entries, or remove the field to leave it unset.'),
  schemaRule('max-properties', 'FieldValueTooMany', 'A map with more entries than the field allows.', 'Remove entries.'),
  schemaRule('unique-items', 'FieldValueDuplicate', 'The same entry twice in a list whose entries must be distinct.', 'Remove or rename the duplicate.'),
  schemaRule(
    'constraint',
    'FieldValueInvalid',
    "A value that breaks another constraint of the kind's schema (multipleOf, not, dependencies, ...).",
    'Change the value as the message says.',
  ),
];

/** The rule of a schema finding for an ajv keyword; keywords without a rule of their own share schema/constraint. */
export function schemaRuleId(keyword: string): string {
  const name = keyword === 'additionalProperties' ? 'unknown-field' : keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const id = `schema/${name}`;
  return SCHEMA_RULE_IDS.has(id) ? id : 'schema/constraint';
}

const SCHEMA_RULE_IDS = new Set(SCHEMA_RULES.map((rule) => rule.id));

import type { JsonSchema } from './json-schema.js';
import { compareCodeUnits } from './compare-code-units.js';

// Schema keywords in reading order; anything else follows alphabetically.
const KEYWORD_ORDER = [
  '$schema',
  '$id',
  '$comment',
  '$ref',
  'title',
  'description',
  'type',
  'format',
  'pattern',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'anyOf',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'definitions',
];

// Keywords whose value is a name → schema map rather than a schema.
const SCHEMA_MAPS = new Set(['properties', 'definitions']);

/** Same input, same bytes: keywords in a fixed order, property and definition names alphabetical. */
export function renderStableJson(schema: JsonSchema): string {
  return `${JSON.stringify(orderSchema(schema), null, 2)}\n`;
}

function orderSchema(schema: JsonSchema): JsonSchema {
  const entries = Object.entries(schema).sort(([a], [b]) => compareKeywords(a, b));
  const ordered: Record<string, unknown> = {};
  for (const [keyword, value] of entries) {
    ordered[keyword] = orderKeywordValue(keyword, value);
  }
  return ordered;
}

function orderKeywordValue(keyword: string, value: unknown): unknown {
  if (SCHEMA_MAPS.has(keyword)) {
    const named = Object.entries(value as Record<string, JsonSchema>).sort(([a], [b]) => compareCodeUnits(a, b));
    return Object.fromEntries(named.map(([name, schema]) => [name, orderSchema(schema)]));
  }
  if (keyword === 'anyOf') return (value as JsonSchema[]).map(orderSchema);
  if (isSchemaObject(value)) return orderSchema(value);
  return value;
}

function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareKeywords(a: string, b: string): number {
  const rankA = KEYWORD_ORDER.indexOf(a);
  const rankB = KEYWORD_ORDER.indexOf(b);
  if (rankA !== -1 && rankB !== -1) return rankA - rankB;
  if (rankA !== -1) return -1;
  if (rankB !== -1) return 1;
  return compareCodeUnits(a, b);
}

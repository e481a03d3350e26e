// The JSON Schema shape the generator works on: draft-07 plus the Kubernetes and mdbkit extensions.
export type JSONSchema = {
  [keyword: string]: unknown;
  $id?: string;
  $ref?: string;
  $schema?: string;
  $comment?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JSONSchema>;
  additionalProperties?: boolean | JSONSchema;
  items?: JSONSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  definitions?: Record<string, JSONSchema>;
  anyOf?: JSONSchema[];
  oneOf?: JSONSchema[];
  allOf?: JSONSchema[];
  default?: unknown;
};

export function isSchemaObject(value: unknown): value is JSONSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Visits every subschema (depth first, parents before children) and lets `visit` replace it. */
export function mapSchema(schema: JSONSchema, visit: (node: JSONSchema) => JSONSchema): JSONSchema {
  const node = visit(schema);
  // Plain loops, not Object.entries/fromEntries: every transform of `mdbkit generate` walks every node of every
  // kind through here, and the pairs those allocate were most of its time.
  const out: JSONSchema = {};
  for (const key of Object.keys(node)) put(out, key, mapChild(key, node[key], visit));
  return out;
}

/** An own property even when a field is named `__proto__` (as Object.fromEntries makes it), not the prototype. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'definitions', 'patternProperties']);
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf']);

function mapChild(key: string, value: unknown, visit: (node: JSONSchema) => JSONSchema): unknown {
  if (SCHEMA_MAP_KEYWORDS.has(key) && isSchemaObject(value)) {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(value)) {
      const sub = value[name];
      put(out, name, isSchemaObject(sub) ? mapSchema(sub, visit) : sub);
    }
    return out;
  }
  if (SCHEMA_KEYWORDS.has(key) && isSchemaObject(value)) return mapSchema(value, visit);
  if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
    return value.map((sub: unknown) => (isSchemaObject(sub) ? mapSchema(sub, visit) : sub));
  }
  return value;
}

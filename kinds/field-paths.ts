// Every field a schema lists, as dotted paths (`spec.storage.size`, `spec.servers[].name`, `spec.labels.*`):
// the measure of "prunes nothing" (an imported field must still be there after mdbkit's changes) and of
// what changed between operator versions. `$ref`s are followed through the given resolver when there is one.
import { isSchemaObject, type JSONSchema } from './json-schema.js';

export type RefResolver = (ref: string) => JSONSchema;

export interface FieldPath {
  path: string;
  schema: JSONSchema;
}

export function fieldPaths(schema: JSONSchema, resolve?: RefResolver, maxDepth = 40): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (node: JSONSchema, prefix: string, depth: number, seen: ReadonlySet<string>): void => {
    if (depth > maxDepth) return;
    let current = node;
    const visited = new Set(seen);
    while (typeof current.$ref === 'string' && resolve) {
      if (visited.has(current.$ref)) return; // a recursive type: its fields are listed where it first appears
      visited.add(current.$ref);
      const { $ref, ...siblings } = current;
      current = { ...resolve($ref), ...siblings };
    }
    for (const branch of [...(current.anyOf ?? []), ...(current.allOf ?? []), ...(current.oneOf ?? [])]) {
      if (isSchemaObject(branch)) walk(branch, prefix, depth, visited);
    }
    for (const [name, sub] of Object.entries(current.properties ?? {})) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      out.push({ path, schema: sub });
      walk(sub, path, depth + 1, visited);
    }
    if (isSchemaObject(current.items)) walk(current.items, `${prefix}[]`, depth + 1, visited);
    if (isSchemaObject(current.additionalProperties)) walk(current.additionalProperties, `${prefix}.*`, depth + 1, visited);
  };
  walk(schema, '', 0, new Set());
  return out;
}

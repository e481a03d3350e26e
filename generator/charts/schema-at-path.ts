// Finds the schema of a values key (`mariadb.spec.galera`, `connections[].name`) in a bundled schema, so
// the chart's README and values.yaml comments quote the same descriptions Helm validates against.
import { isSchemaObject, type JSONSchema } from '../../kinds/json-schema.js';

/** `#/definitions/<name>` followed; the referring node's own keywords (description, default) win. */
export function resolveLocal(root: JSONSchema, node: JSONSchema): JSONSchema {
  let current = node;
  const seen = new Set<string>();
  while (typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    const name = /^#\/definitions\/(.+)$/.exec(ref)?.[1];
    const target = name !== undefined ? root.definitions?.[name] : undefined;
    if (!target) throw new Error(`$ref ${ref} points at no definition`);
    const { $ref: _ref, ...own } = current;
    current = { ...target, ...own };
  }
  return current;
}

/** Path segments are property names, or `[]` for the items of a list. */
export function schemaAt(root: JSONSchema, path: readonly string[]): JSONSchema | undefined {
  let node: JSONSchema | undefined = resolveLocal(root, root);
  for (const segment of path) {
    if (!node) return undefined;
    const next: unknown = segment === '[]' ? node.items : node.properties?.[segment];
    node = isSchemaObject(next) ? resolveLocal(root, next) : undefined;
  }
  return node;
}

export function splitKey(key: string): string[] {
  return key.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));
}

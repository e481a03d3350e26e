// Resolves an absolute `$ref` (`<$id>#/json/pointer`) against the loaded `_common/` fragments.
import { isSchemaObject, type JSONSchema } from './json-schema.js';

export class SchemaLookup {
  private readonly byId = new Map<string, JSONSchema>();

  constructor(schemas: JSONSchema[]) {
    for (const schema of schemas) {
      if (typeof schema.$id === 'string') this.byId.set(schema.$id, schema);
    }
  }

  /** How many schemas define `definitions.<name>`: a name used by several needs qualifying. */
  definitionOwners(name: string): number {
    let count = 0;
    for (const schema of this.byId.values()) {
      if (isSchemaObject(schema.definitions) && name in schema.definitions) count++;
    }
    return count;
  }

  resolve(ref: string): JSONSchema {
    const [id = '', pointer = ''] = ref.split('#');
    const root = this.byId.get(id);
    if (!root) throw new Error(`$ref ${ref}: no schema with $id ${id}`);
    let node: unknown = root;
    for (const raw of pointer.split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isSchemaObject(node) ? node[key] : undefined;
      if (node === undefined) throw new Error(`$ref ${ref}: nothing at ${pointer}`);
    }
    if (!isSchemaObject(node)) throw new Error(`$ref ${ref}: does not point at a schema`);
    return node;
  }
}

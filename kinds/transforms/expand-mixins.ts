// draft-07 has no way to add properties to a closed object from another schema (`allOf` with
// `additionalProperties: false` rejects everything), yet MaxScale and MariaDB share the pod template
// fields. `x-mdbkit-mixins: [ref, ...]` names property sets that are copied into the object here.
// The object's own properties win over a mixed-in one of the same name (to tighten it, such as making
// metadata.name a DNS name); two mixins defining the same property is an error.
import { isSchemaObject, mapSchema, type JSONSchema } from '../json-schema.js';
import type { SchemaLookup } from '../schema-lookup.js';

export const MIXINS_KEYWORD = 'x-mdbkit-mixins';

export function expandMixins(schema: JSONSchema, lookup: SchemaLookup): JSONSchema {
  return mapSchema(schema, (node) => {
    const mixins = node[MIXINS_KEYWORD];
    if (mixins === undefined) return node;
    if (!Array.isArray(mixins)) throw new Error(`${MIXINS_KEYWORD} must be a list of $ref strings`);
    const { [MIXINS_KEYWORD]: _dropped, ...rest } = node;
    const own = rest.properties ?? {};
    const mixed: Record<string, JSONSchema> = {};
    const required = new Set(rest.required ?? []);
    for (const ref of mixins) {
      const mixin = lookup.resolve(String(ref));
      if (!isSchemaObject(mixin.properties)) throw new Error(`mixin ${String(ref)} has no properties`);
      if (mixin[MIXINS_KEYWORD] !== undefined) throw new Error(`mixin ${String(ref)} uses mixins itself`);
      for (const [name, sub] of Object.entries(mixin.properties as Record<string, JSONSchema>)) {
        if (name in mixed) throw new Error(`mixin ${String(ref)} redefines property "${name}"`);
        mixed[name] = sub;
      }
      for (const name of mixin.required ?? []) required.add(name);
    }
    const merged = { ...mixed, ...own };
    const properties = Object.fromEntries(
      Object.keys(merged)
        .sort()
        .map((name) => [name, merged[name]!]),
    );
    const out: JSONSchema = { ...rest, properties };
    if (required.size > 0) out.required = [...required];
    return out;
  });
}

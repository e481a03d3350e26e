// Relative `$ref`s (and mixin references) are resolved against the file they were written in. Making
// them absolute lets a fragment be copied into another schema (mixins, bundling) without its
// references changing meaning.
import { mapSchema, type JSONSchema } from '../json-schema.js';
import { MIXINS_KEYWORD } from './expand-mixins.js';

export function absolutiseRefs(schema: JSONSchema): JSONSchema {
  const base = schema.$id;
  if (typeof base !== 'string') throw new Error('absolutiseRefs: the schema has no $id to resolve against');
  const absolute = (ref: unknown) => new URL(String(ref), base).href;
  return mapSchema(schema, (node) => {
    let out = node;
    if (typeof out.$ref === 'string') out = { ...out, $ref: absolute(out.$ref) };
    const mixins = out[MIXINS_KEYWORD];
    if (Array.isArray(mixins)) out = { ...out, [MIXINS_KEYWORD]: mixins.map(absolute) };
    return out;
  });
}

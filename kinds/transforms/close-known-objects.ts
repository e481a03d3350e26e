// The API server prunes a field a CRD does not list (or kubectl rejects it under strict field validation):
// a typo'd field is lost without a word. mdbkit reports it instead, by closing every object whose fields
// the schema lists and that does not keep unknown fields on purpose. Nothing the schema lists is refused.
import { mapSchema, type JSONSchema } from '../json-schema.js';

export function closeKnownObjects(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => {
    if (node.properties === undefined || node.additionalProperties !== undefined) return node;
    if (node['x-kubernetes-preserve-unknown-fields'] === true) return node;
    return { ...node, additionalProperties: false };
  });
}

import type { JsonSchema } from './json-schema.js';

/**
 * client-node types a field `any` when the OpenAPI gave no usable schema; the right JSON Schema
 * depends on what the OpenAPI meant, so each such field among the walked types is decided here.
 */
export const UNTYPED_FIELDS: ReadonlyMap<string, JsonSchema> = new Map<string, JsonSchema>([
  // FieldsV1 is `type: object` in the OpenAPI: a trie of field paths such as {"f:spec": {".": {}}}.
  ['ManagedFieldsEntry.fieldsV1', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }],
]);

export function untypedFieldSchema(definitionName: string, jsonName: string): JsonSchema {
  const schema = UNTYPED_FIELDS.get(`${definitionName}.${jsonName}`);
  if (!schema) {
    throw new Error(`${definitionName}.${jsonName} is \`any\` in client-node; decide its schema in UNTYPED_FIELDS`);
  }
  return structuredClone(schema);
}

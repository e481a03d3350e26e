import { attributeTypeToSchema } from './attribute-type-to-schema.js';
import { compareCodeUnits } from './compare-code-units.js';
import type { JsonSchema } from './json-schema.js';
import { isQuantityField } from './quantity-fields.js';
import type { ClientNodeModel, ModelField } from './read-client-node-models.js';
import { shortenDescription } from './shorten-description.js';
import { untypedFieldSchema } from './untyped-fields.js';

/** A closed object: a misspelt field in a custom resource must fail validation, not be silently dropped. */
export function modelToSchema(model: ClientNodeModel, definitionName: string, referenceModel: (className: string) => string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of model.fields) {
    const fieldKey = `${definitionName}.${field.jsonName}`;
    const schema = attributeTypeToSchema(field.type, field.format, {
      fieldKey,
      isQuantity: isQuantityField(definitionName, field.jsonName),
      untypedSchema: () => untypedFieldSchema(definitionName, field.jsonName),
      referenceModel,
    });
    properties[field.jsonName] = withDescription(schema, fieldDescription(field));
  }
  const required = model.fields.filter((field) => !field.optional).map((field) => field.jsonName);
  return {
    ...withDescription({ type: 'object' }, model.description),
    properties,
    ...(required.length > 0 ? { required: [...required].sort(compareCodeUnits) } : {}),
    additionalProperties: false,
  };
}

// client-node gives IntOrString fields the IntOrString type's own description instead of the field's.
const INT_OR_STRING_TYPE_DESCRIPTION = /^IntOrString is a type that can hold/;

/**
 * Replaces a description that describes the field's type rather than the field (it would mislead as
 * hover text) with what the value is; every property keeps a description for the docs made from it.
 */
function fieldDescription(field: ModelField): string | undefined {
  if (field.type === 'IntOrString' && INT_OR_STRING_TYPE_DESCRIPTION.test(field.description ?? '')) {
    return field.jsonName === 'port' ? 'Number or name of the port.' : 'An integer or a string.';
  }
  return field.description;
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  const short = description === undefined ? '' : shortenDescription(description);
  return short === '' ? schema : { ...schema, description: short };
}

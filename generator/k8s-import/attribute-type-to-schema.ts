import { definitionRef, type JsonSchema } from './json-schema.js';
import { quantityRef } from './quantity-fields.js';

/** What the type mapping needs to know about the field being mapped. */
export interface FieldTypeContext {
  /** `Definition.field`, for error messages. */
  fieldKey: string;
  /** resource.Quantity in the OpenAPI (client-node says `string`). */
  isQuantity: boolean;
  /** Schema chosen for a client-node `any` field. */
  untypedSchema: () => JsonSchema;
  /** Registers a referenced model for walking and returns its definition name. */
  referenceModel: (className: string) => string;
}

const ARRAY_TYPE = /^Array<(.+)>$/;
const MAP_TYPE = /^\{ \[key: string\]: (.+); \}$/;
const MODEL_CLASS_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** Maps a client-node attribute type (with its OpenAPI format, which applies to the innermost value) to JSON Schema. */
export function attributeTypeToSchema(type: string, format: string, context: FieldTypeContext): JsonSchema {
  const arrayItem = ARRAY_TYPE.exec(type)?.[1];
  if (arrayItem !== undefined) return arraySchema(attributeTypeToSchema(arrayItem, format, context));
  const mapValue = MAP_TYPE.exec(type)?.[1];
  if (mapValue !== undefined) return mapSchema(attributeTypeToSchema(mapValue, format, context));
  return leafSchema(type, format, context);
}

function leafSchema(type: string, format: string, context: FieldTypeContext): JsonSchema {
  if (context.isQuantity) return quantitySchema(type, format, context);
  switch (type) {
    case 'string':
      return stringSchema(format, context);
    case 'number':
      return numberSchema(format, context);
    case 'boolean':
      return booleanSchema(format, context);
    case 'Date':
      return dateTimeSchema(format, context);
    case 'IntOrString':
      return intOrStringSchema(format, context);
    case 'any':
      return context.untypedSchema();
    default:
      return modelRefSchema(type, context);
  }
}

/** `Array<X>`. */
export function arraySchema(items: JsonSchema): JsonSchema {
  return { type: 'array', items };
}

/** `{ [key: string]: X; }` — labels, annotations, resource lists. */
export function mapSchema(values: JsonSchema): JsonSchema {
  return { type: 'object', additionalProperties: values };
}

/** Plain strings; `byte` marks base64 data. */
export function stringSchema(format: string, context: FieldTypeContext): JsonSchema {
  if (format === '') return { type: 'string' };
  if (format === 'byte') return { type: 'string', format: 'byte' };
  return unsupported('string', format, context);
}

/** int32/int64 must reject 1.5; double and unformatted numbers accept any number. */
export function numberSchema(format: string, context: FieldTypeContext): JsonSchema {
  if (format === 'int32' || format === 'int64') return { type: 'integer', format };
  if (format === 'double' || format === '') return { type: 'number' };
  return unsupported('number', format, context);
}

export function booleanSchema(format: string, context: FieldTypeContext): JsonSchema {
  if (format === '') return { type: 'boolean' };
  return unsupported('boolean', format, context);
}

/**
 * metav1.Time and metav1.MicroTime are both RFC 3339 strings on the wire; a zero time is `null`
 * (`creationTimestamp: null` in every `kubectl create --dry-run=client -o yaml`), which Kubernetes accepts.
 */
export function dateTimeSchema(format: string, context: FieldTypeContext): JsonSchema {
  if (format === 'date-time' || format === 'date-time-micro') return { type: 'string', format: 'date-time', nullable: true };
  return unsupported('Date', format, context);
}

/** intstr.IntOrString: ports and probe thresholds given as 8080 or "http". */
export function intOrStringSchema(format: string, context: FieldTypeContext): JsonSchema {
  if (format !== 'int-or-string') return unsupported('IntOrString', format, context);
  return { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
}

/** resource.Quantity, which client-node flattened to `string`; fail if that stops being true. */
export function quantitySchema(type: string, format: string, context: FieldTypeContext): JsonSchema {
  if (type !== 'string' || format !== '') {
    throw new Error(`${context.fieldKey} is listed as a quantity but client-node types it ${type} (${format})`);
  }
  return quantityRef();
}

/** Another client-node model: walk it and point at its definition. */
export function modelRefSchema(className: string, context: FieldTypeContext): JsonSchema {
  if (!MODEL_CLASS_NAME.test(className)) {
    throw new Error(`${context.fieldKey}: unsupported client-node type ${className}`);
  }
  return definitionRef(context.referenceModel(className));
}

function unsupported(type: string, format: string, context: FieldTypeContext): never {
  throw new Error(`${context.fieldKey}: unsupported format "${format}" for client-node type ${type}`);
}

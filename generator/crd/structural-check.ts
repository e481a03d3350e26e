// The API server's structural-schema rules, checked before a CRD is written, so that a schema change
// which `kubectl apply` would refuse fails `mdbkit generate` instead of a user's install.
import { isSchemaObject, type JSONSchema } from '../../kinds/json-schema.js';

// apiextensions.k8s.io/v1 JSONSchemaProps, minus what structural schemas forbid ($ref, definitions, ...).
const ALLOWED = new Set([
  'type',
  'format',
  'title',
  'description',
  'default',
  'enum',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'maxProperties',
  'minProperties',
  'required',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'properties',
  'additionalProperties',
  'nullable',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);
// Inside allOf/anyOf/oneOf/not, these may not appear (the "value validation" part of a structural schema).
const FORBIDDEN_IN_JUNCTORS = ['description', 'type', 'default', 'additionalProperties', 'nullable'];

export function structuralProblems(schema: JSONSchema): string[] {
  const problems: string[] = [];
  // `intOrStringBranch`: the one place a junctor may hold `type` is the anyOf [integer, string] of an int-or-string.
  const walk = (node: JSONSchema, path: string, inJunctor: boolean, intOrStringBranch = false) => {
    for (const key of Object.keys(node)) if (!ALLOWED.has(key)) problems.push(`${path}: keyword ${key} is not allowed in a CRD`);
    if (node.uniqueItems === true) problems.push(`${path}: uniqueItems: true is forbidden`);
    const intOrString = node['x-kubernetes-int-or-string'] === true;
    if (inJunctor) {
      for (const key of FORBIDDEN_IN_JUNCTORS) {
        if (key in node && !(key === 'type' && intOrStringBranch)) problems.push(`${path}: ${key} is not allowed inside allOf/anyOf/oneOf/not`);
      }
    } else if (node.type === undefined && !intOrString && node['x-kubernetes-preserve-unknown-fields'] !== true) {
      problems.push(`${path}: a type is required`);
    }
    if (node.properties !== undefined && node.additionalProperties !== undefined)
      problems.push(`${path}: properties and additionalProperties are mutually exclusive`);
    if (node.additionalProperties === false) problems.push(`${path}: additionalProperties: false is not allowed`);
    if (node.type === 'array' && !isSchemaObject(node.items)) problems.push(`${path}: an array needs items`);
    if (node['x-kubernetes-list-type'] === 'map') {
      const keys = (node['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
      const item = isSchemaObject(node.items) ? node.items : {};
      for (const key of keys) if (!(item.required ?? []).includes(key)) problems.push(`${path}: list map key ${key} must be required in the items`);
    }
    if (intOrString) {
      if (node.anyOf && JSON.stringify(node.anyOf) !== JSON.stringify([{ type: 'integer' }, { type: 'string' }])) {
        problems.push(`${path}: int-or-string must be anyOf [integer, string]`);
      }
    }
    for (const [name, sub] of Object.entries(node.properties ?? {})) walk(sub, `${path}.${name}`, inJunctor);
    if (isSchemaObject(node.items)) walk(node.items, `${path}[]`, inJunctor);
    if (isSchemaObject(node.additionalProperties)) walk(node.additionalProperties, `${path}{}`, inJunctor);
    for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
      for (const [i, sub] of (node[junctor] ?? []).entries()) walk(sub, `${path}.${junctor}[${i}]`, true, intOrString && junctor === 'anyOf');
    }
    if (isSchemaObject(node.not)) walk(node.not, `${path}.not`, true);
  };
  walk(schema, '', false);
  return problems;
}

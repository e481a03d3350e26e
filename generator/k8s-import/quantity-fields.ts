import { definitionRef, type JsonSchema } from './json-schema.js';

export const QUANTITY_DEFINITION_NAME = 'Quantity';

// resource.Quantity's serialization regex, from k8s.io/apimachinery/pkg/api/resource.
export const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/**
 * Fields that are resource.Quantity in the Kubernetes OpenAPI, which client-node flattened to `string`
 * (for maps, the values are quantities). Checked against the 1.34 .d.ts of each model.
 */
export const QUANTITY_FIELDS: ReadonlySet<string> = new Set([
  'ResourceRequirements.limits', // cpu/memory/… → quantity
  'ResourceRequirements.requests',
  'VolumeResourceRequirements.limits', // PVC storage size
  'VolumeResourceRequirements.requests',
  'EmptyDirVolumeSource.sizeLimit',
]);

export function isQuantityField(definitionName: string, jsonName: string): boolean {
  return QUANTITY_FIELDS.has(`${definitionName}.${jsonName}`);
}

/**
 * Quantities may be written as YAML integers (`cpu: 1`), so a bare string type would reject them. Not
 * any number: in a custom resource the API server checks `x-kubernetes-int-or-string` as integer or
 * string, so `cpu: 0.5` must be written "500m" or "0.5" there, and the schema says so before apply does.
 */
export function quantityDefinition(): JsonSchema {
  return {
    description: 'A Kubernetes resource quantity: an integer (1) or a string such as "0.5", 500m, 512Mi, 1G or 1e3.',
    'x-kubernetes-int-or-string': true,
    anyOf: [
      { type: 'integer' },
      { type: 'string', pattern: QUANTITY_PATTERN, title: 'a quantity such as 500m, 1Gi or 100Mi (units Ki, Mi, Gi, Ti, k, M, G, T; not GB)' },
    ],
  };
}

export function quantityRef(): JsonSchema {
  return definitionRef(QUANTITY_DEFINITION_NAME);
}

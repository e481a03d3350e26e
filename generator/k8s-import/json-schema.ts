/** The subset of draft-07 JSON Schema (plus Kubernetes extensions) this importer emits. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $comment?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  nullable?: true;
  pattern?: string;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-preserve-unknown-fields'?: true;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | false;
  definitions?: Record<string, JsonSchema>;
}

export function definitionRef(name: string): JsonSchema {
  return { $ref: `#/definitions/${name}` };
}

// The operator's CRDs write every resource quantity with the Kubernetes quantity pattern and no words; a
// user who writes 1GB would read a regular expression. The shared Quantity definition's title ("a quantity
// such as 500m, 1Gi ...") is what the schema check quotes, so the string branch of each such field gets it.
import { mapSchema, type JSONSchema } from '../json-schema.js';

export function hintQuantities(schema: JSONSchema, quantity: JSONSchema): JSONSchema {
  const branch = (quantity.anyOf ?? []).find((b) => b.type === 'string');
  const pattern = branch?.pattern;
  const title = branch?.title;
  if (typeof pattern !== 'string' || typeof title !== 'string') return schema;
  return mapSchema(schema, (node) => {
    if (node['x-kubernetes-int-or-string'] !== true || !node.anyOf) return node;
    return { ...node, anyOf: node.anyOf.map((b) => (b.type === 'string' && b.pattern === pattern && b.title === undefined ? { ...b, title } : b)) };
  });
}

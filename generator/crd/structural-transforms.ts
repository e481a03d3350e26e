// JSON Schema → the structural OpenAPI v3 schema a CustomResourceDefinition carries. Each rewrite is
// a small named step with the API server rule it answers to:
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
import { isSchemaObject, mapSchema, type JSONSchema } from '../../kinds/json-schema.js';

/** CRDs have no `$ref`: every definition is copied where it is used (a sibling description wins). */
export function inlineRefs(schema: JSONSchema): JSONSchema {
  const definitions = schema.definitions ?? {};
  const inline = (node: JSONSchema, depth: number): JSONSchema =>
    mapSchema(node, (sub) => {
      if (typeof sub.$ref !== 'string') return sub;
      if (depth > 32) throw new Error(`$ref ${sub.$ref} nests too deep: a recursive type cannot be inlined`);
      const name = sub.$ref.replace(/^#\/definitions\//, '');
      const target = definitions[name];
      if (!target) throw new Error(`$ref ${sub.$ref} has no definition to inline`);
      const { $ref: _ref, ...siblings } = sub;
      return { ...inline(target, depth + 1), ...siblings };
    });
  const { definitions: _defs, ...body } = schema;
  return inline(body, 0);
}

/** OpenAPI v3.0 has no `const`: a one-value enum says the same. */
export function constToEnum(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, ({ const: value, ...rest }) => (value === undefined ? rest : { ...rest, enum: [value] }));
}

/**
 * Structural schemas may not combine `properties` with `additionalProperties`; the API server
 * prunes (and kubectl's strict field validation rejects) unknown fields anyway, which is what
 * `additionalProperties: false` meant.
 */
export function dropClosedObjectMarkers(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => {
    if (node.additionalProperties !== false) return node;
    const { additionalProperties: _closed, ...rest } = node;
    return rest;
  });
}

/**
 * An int-or-string must be exactly `anyOf: [{type: integer}, {type: string}]` with no type of its own;
 * constraints inside the branches are not allowed, so a string pattern moves up (it applies to strings only).
 */
export function intOrStringAsStructural(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => {
    if (node['x-kubernetes-int-or-string'] !== true) return node;
    const { anyOf, type: _type, ...rest } = node;
    const pattern = (anyOf ?? []).map((branch) => branch.pattern).find((p): p is string => typeof p === 'string');
    return { ...rest, anyOf: [{ type: 'integer' }, { type: 'string' }], ...(pattern ? { pattern } : {}) };
  });
}

// Keywords of JSON Schema (or mdbkit) that apiextensions.k8s.io/v1 JSONSchemaProps does not have.
const NOT_IN_CRDS = ['$schema', '$id', '$comment', 'definitions', 'x-mdbkit-kind', 'x-mdbkit-mixins', 'examples'];

export function dropKeywordsCrdsLack(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => {
    const kept = Object.fromEntries(Object.entries(node).filter(([key]) => !NOT_IN_CRDS.includes(key))) as JSONSchema;
    const rules = kept['x-kubernetes-validations'];
    // `x-mdbkit-rule` ties a CEL rule to the policy rule it twins (tests evaluate both); ValidationRule lacks it.
    if (Array.isArray(rules)) kept['x-kubernetes-validations'] = rules.map((r) => withoutRuleLink(r as Record<string, unknown>));
    return kept;
  });
}

function withoutRuleLink(rule: Record<string, unknown>): Record<string, unknown> {
  const { 'x-mdbkit-rule': _link, ...rest } = rule;
  return rest;
}

/**
 * The API server owns `metadata` (only name and generateName may be constrained) and `apiVersion`/`kind`;
 * a CRD describes them as plain object and strings.
 */
export function rootFieldsAsApiServerWantsThem(schema: JSONSchema): JSONSchema {
  const properties = { ...(schema.properties ?? {}) };
  for (const key of ['apiVersion', 'kind'] as const) {
    const field = properties[key];
    if (field) properties[key] = { type: 'string', ...(field.description ? { description: field.description } : {}) };
  }
  const metadata = properties.metadata;
  if (metadata) properties.metadata = { type: 'object' };
  const { required: _required, ...rest } = schema;
  // `metadata` and `apiVersion` are enforced by the API server itself; requiring them again is refused.
  const required = (schema.required ?? []).filter((name) => !['apiVersion', 'kind', 'metadata'].includes(name));
  return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

/**
 * Keeps each description to its first sentence below `depth` levels, where the embedded Kubernetes types
 * repeat (the MariaDB CRD carries the pod template four times over): the size that matters is the
 * 256 KiB annotation of client-side `kubectl apply`, and the full text stays in the JSON Schemas.
 */
export function shortenDeepDescriptions(schema: JSONSchema, depth: number): JSONSchema {
  const walk = (node: JSONSchema, level: number): JSONSchema => {
    const out: JSONSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'description' && typeof value === 'string' && level > depth) out[key] = firstSentence(value);
      else if ((key === 'properties' || key === 'patternProperties') && isSchemaObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, walk(sub as JSONSchema, level + 1)]));
      } else if ((key === 'items' || key === 'additionalProperties') && isSchemaObject(value)) out[key] = walk(value, level + 1);
      else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value))
        out[key] = (value as unknown[]).map((sub) => (isSchemaObject(sub) ? walk(sub, level) : sub)) as JSONSchema[];
      else out[key] = value;
    }
    return out;
  };
  return walk(schema, 0);
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/s.exec(text);
  return match?.[1] ?? text;
}

/** Titles are the schema check's error hints ("a duration such as 2s"); a CRD does not need them. */
export function dropTitles(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, ({ title: _title, ...rest }) => rest);
}

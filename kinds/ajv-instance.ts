// The one way mdbkit configures ajv: strict (typos in a schema are errors, not silence), every error
// collected, and the Kubernetes and mdbkit extension keywords registered with their own meta-schemas
// so that a malformed `x-kubernetes-list-type` fails at compile time instead of being ignored.
import AjvModule, { type Options } from 'ajv';
import formatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS with a `default` export; under NodeNext the class sits on `.default`.
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;
export type AjvInstance = InstanceType<typeof Ajv>;

const EXTENSION_KEYWORDS: Array<{ keyword: string; metaSchema: object }> = [
  { keyword: 'x-kubernetes-int-or-string', metaSchema: { type: 'boolean' } },
  { keyword: 'x-kubernetes-preserve-unknown-fields', metaSchema: { type: 'boolean' } },
  { keyword: 'x-kubernetes-embedded-resource', metaSchema: { type: 'boolean' } },
  { keyword: 'x-kubernetes-list-type', metaSchema: { enum: ['atomic', 'set', 'map'] } },
  { keyword: 'x-kubernetes-list-map-keys', metaSchema: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  { keyword: 'x-kubernetes-map-type', metaSchema: { enum: ['granular', 'atomic'] } },
  {
    // Only rule and message: messageExpression, reason and fieldPath came in Kubernetes 1.27 and 1.28,
    // and mdbkit's CRDs target API servers from 1.25 on.
    keyword: 'x-kubernetes-validations',
    metaSchema: {
      type: 'array',
      items: {
        type: 'object',
        required: ['rule'],
        properties: {
          rule: { type: 'string' },
          message: { type: 'string' },
          // mdbkit's own: the policy rule this CEL rule twins (tests evaluate both on the same cases); not in CRDs.
          'x-mdbkit-rule': { type: 'string', pattern: '^[a-z0-9]+/[a-z0-9-]+$' },
        },
        additionalProperties: false,
      },
    },
  },
  {
    keyword: 'x-mdbkit-kind',
    metaSchema: {
      type: 'object',
      required: ['kind', 'plural', 'singular', 'shortNames', 'categories', 'scope', 'groups'],
      properties: {
        kind: { type: 'string' },
        plural: { type: 'string' },
        singular: { type: 'string' },
        shortNames: { type: 'array', items: { type: 'string' } },
        categories: { type: 'array', items: { type: 'string' } },
        scope: { enum: ['Namespaced', 'Cluster'] },
        groups: { type: 'array', items: { type: 'string' }, minItems: 1 },
        printerColumns: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'type', 'jsonPath'],
            properties: {
              name: { type: 'string' },
              type: { enum: ['string', 'integer', 'number', 'boolean', 'date'] },
              jsonPath: { type: 'string' },
              description: { type: 'string' },
              priority: { type: 'integer' },
            },
            additionalProperties: false,
          },
        },
        scale: {
          type: 'object',
          required: ['specReplicasPath', 'statusReplicasPath'],
          properties: { specReplicasPath: { type: 'string' }, statusReplicasPath: { type: 'string' }, labelSelectorPath: { type: 'string' } },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
];

export function createAjv(options: Options = {}): AjvInstance {
  const ajv = new Ajv({
    strict: true,
    // int-or-string and quantity fields are unions by nature.
    allowUnionTypes: true,
    allErrors: true,
    // parentSchema lets a pattern error quote the field's `title` ("a duration such as 2s").
    verbose: true,
    // ajv's optimisation passes over the generated code take 30 % of compiling the kinds' schemas (every
    // `mdbkit lint` and every webhook start pays that) and made no measurable difference to validation time.
    code: { optimize: false },
    ...options,
  });
  addFormats(ajv);
  for (const { keyword, metaSchema } of EXTENSION_KEYWORDS) ajv.addKeyword({ keyword, metaSchema });
  return ajv;
}

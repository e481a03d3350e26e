// One CustomResourceDefinition (apiextensions.k8s.io/v1) for a kind in a group, from its JSON Schema.
import type { SchemaSet } from '../../kinds/load-schemas.js';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import { standaloneKindSchema } from '../../kinds/kind-schema.js';
import type { JSONSchema } from '../../kinds/json-schema.js';
import { structuralProblems } from './structural-check.js';
import {
  constToEnum,
  dropClosedObjectMarkers,
  dropKeywordsCrdsLack,
  dropTitles,
  inlineRefs,
  intOrStringAsStructural,
  rootFieldsAsApiServerWantsThem,
  shortenDeepDescriptions,
} from './structural-transforms.js';

// Below this depth (spec.<field>.<field>...), descriptions keep their first sentence.
const FULL_DESCRIPTION_DEPTH = 3;

// The plain CRDs and the CRDs chart both carry each kind's schema: made once per set.
const made = new WeakMap<SchemaSet, WeakMap<KindDefinition, JSONSchema>>();

/** The openAPIV3Schema of a kind (at its operator version): the same for every group, since apiVersion is a plain string there. */
export function crdSchema(set: SchemaSet, definition: KindDefinition): JSONSchema {
  let byDefinition = made.get(set);
  if (!byDefinition) made.set(set, (byDefinition = new WeakMap()));
  let schema = byDefinition.get(definition);
  if (!schema) byDefinition.set(definition, (schema = makeCrdSchema(set, definition)));
  return schema;
}

function makeCrdSchema(set: SchemaSet, definition: KindDefinition): JSONSchema {
  let schema = standaloneKindSchema(set, definition, [definition.groups[0]!]);
  for (const step of [
    inlineRefs,
    constToEnum,
    dropClosedObjectMarkers,
    intOrStringAsStructural,
    dropKeywordsCrdsLack,
    dropTitles,
    rootFieldsAsApiServerWantsThem,
  ]) {
    schema = step(schema);
  }
  schema = shortenDeepDescriptions(schema, FULL_DESCRIPTION_DEPTH);
  const problems = structuralProblems(schema);
  if (problems.length > 0) throw new Error(`${definition.file}: the CRD schema is not structural:\n  ${problems.join('\n  ')}`);
  return schema;
}

export function crdObject(definition: KindDefinition, group: string, schema: JSONSchema): Record<string, unknown> {
  // A status subresource only for kinds that have a status (UpgradeConfig and UpgradeRule have none).
  const subresources: Record<string, unknown> = {};
  if (definition.schema.properties?.status) subresources.status = {};
  if (definition.scale) subresources.scale = { ...definition.scale };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${definition.plural}.${group}` },
    spec: {
      group,
      names: {
        kind: definition.kind,
        listKind: definition.listKind,
        plural: definition.plural,
        singular: definition.singular,
        shortNames: definition.shortNames,
        categories: definition.categories,
      },
      scope: definition.scope,
      versions: [
        {
          name: definition.version,
          served: true,
          storage: true,
          additionalPrinterColumns: definition.printerColumns,
          ...(Object.keys(subresources).length > 0 ? { subresources } : {}),
          schema: { openAPIV3Schema: schema },
        },
      ],
    },
  };
}

// The schema of one kind as every consumer wants it: for the given API groups, self-contained.
import type { SchemaSet } from './load-schemas.js';
import type { KindDefinition } from './kind-definition.js';
import type { JSONSchema } from './json-schema.js';
import { bundleStandalone } from './transforms/bundle-standalone.js';
import { specialiseForGroups } from './transforms/specialise-group.js';

// `mdbkit generate` asks for the same kind in the same groups from several emitters (the types, the validators,
// the IDE schemas, the CRDs); bundling is pure, so each is made once per set. Consumers never change what they
// get (every transform returns a new schema), which the generated files' byte-for-byte tests would show.
const made = new WeakMap<SchemaSet, WeakMap<KindDefinition, Map<string, JSONSchema>>>();

export function standaloneKindSchema(set: SchemaSet, definition: KindDefinition, groups: string[]): JSONSchema {
  let byDefinition = made.get(set);
  if (!byDefinition) made.set(set, (byDefinition = new WeakMap()));
  let byGroups = byDefinition.get(definition);
  if (!byGroups) byDefinition.set(definition, (byGroups = new Map<string, JSONSchema>()));
  const key = groups.join('\u0000');
  let schema = byGroups.get(key);
  if (!schema) byGroups.set(key, (schema = bundleStandalone(specialiseForGroups(definition, groups), set.lookup)));
  return schema;
}

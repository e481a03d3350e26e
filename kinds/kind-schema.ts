// The schema of one kind as every consumer wants it: for the given API groups, self-contained.
import type { SchemaSet } from './load-schemas.js';
import type { KindDefinition } from './kind-definition.js';
import type { JSONSchema } from './json-schema.js';
import { bundleStandalone } from './transforms/bundle-standalone.js';
import { specialiseForGroups } from './transforms/specialise-group.js';

export function standaloneKindSchema(set: SchemaSet, definition: KindDefinition, groups: string[]): JSONSchema {
  return bundleStandalone(specialiseForGroups(definition, groups), set.lookup);
}

// The composed schemas as `mdbkit generate` wrote them (generated/schemas/): what `loadSchemas` makes of
// schemas/ (every file read, mixins expanded, the operators' imported kinds with mdbkit's overlays, the
// lost-fields check), kept so that lint and the webhook do not compose them again at every start. Composing
// was a quarter of a one-file lint (BENCHMARKS.md); reading the index here is a few milliseconds.
//
// The index holds every kind's names, groups and versions; a kind's schema, and the shared fragments, are read
// the first time something asks for them (a finding about a field another operator version has, `mdbkit
// rules`), most runs never do. The generator composes from schemas/ itself and never reads this snapshot;
// test/generator/composed-schemas.test.ts holds that the snapshot loads as the same set.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JSONSchema } from './json-schema.js';
import type { KindDefinition } from './kind-definition.js';
import type { SchemaSet } from './load-schemas.js';
import type { OperatorGroup, OperatorVersions } from './operator-versions.js';
import { PROJECT_ROOT, SCHEMA_BASE_URI } from './project-paths.js';
import { SchemaLookup } from './schema-lookup.js';

export const COMPOSED_SCHEMAS_DIR = 'generated/schemas';
export const COMPOSED_INDEX_FILE = 'index.json';

/** A kind as the index records it: its definition without the schema, and the file the schema is in. */
export type IndexedKind = Omit<KindDefinition, 'schema'> & { schemaFile: string };

export interface ComposedIndex {
  $comment: string;
  operatorVersions?: {
    policyGroup: string;
    /** Version and release tag, oldest first. */
    tags: Array<[string, string]>;
    groups: OperatorGroup[];
    fieldNotes: Array<[string, Record<string, string>]>;
  };
  /** The shared fragments' files, in the set's order. */
  common: string[];
  kinds: IndexedKind[];
}

/** A schema's file below the snapshot folder: its `$id` below the schemas' base (`mariadb-operator/26.6/maxscale.schema.json`). */
export function composedSchemaFile(schema: JSONSchema): string {
  const id = schema.$id;
  if (typeof id !== 'string' || !id.startsWith(SCHEMA_BASE_URI))
    throw new Error(`a composed schema needs an $id below ${SCHEMA_BASE_URI}, found ${String(id)}`);
  return id.slice(SCHEMA_BASE_URI.length);
}

export function serialiseOperatorVersions(versions: OperatorVersions): NonNullable<ComposedIndex['operatorVersions']> {
  return {
    policyGroup: versions.policyGroup,
    tags: [...versions.tags],
    groups: [...versions.groups.values()],
    fieldNotes: [...versions.fieldNotes],
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the composed schemas (${(error as Error).message}): run \`npm run generate\``, { cause: error });
  }
}

/** The set `loadSchemas()` gives for the project's schemas/, from the snapshot `mdbkit generate` wrote below `root`. */
export function loadComposedSchemas(root: string = PROJECT_ROOT): SchemaSet {
  const dir = join(root, COMPOSED_SCHEMAS_DIR);
  const index = readJson(join(dir, COMPOSED_INDEX_FILE)) as ComposedIndex;
  const readSchema = (file: string): JSONSchema => (readJson(join(dir, file)) as { schema: JSONSchema }).schema;
  const kinds = index.kinds.map(({ schemaFile, ...definition }) => {
    let schema: JSONSchema | undefined;
    // Enumerable like any other field, so that spreading or comparing a definition sees its schema.
    return Object.defineProperty(definition, 'schema', {
      enumerable: true,
      configurable: true,
      get: () => (schema ??= readSchema(schemaFile)),
    }) as KindDefinition;
  });
  let common: JSONSchema[] | undefined;
  let lookup: SchemaLookup | undefined;
  const set = { kinds } as SchemaSet;
  Object.defineProperties(set, {
    common: { enumerable: true, get: () => (common ??= index.common.map(readSchema)) },
    lookup: { enumerable: true, get: () => (lookup ??= new SchemaLookup([...set.common, ...kinds.map((k) => k.schema)])) },
  });
  const versions = index.operatorVersions;
  if (versions) {
    set.operatorVersions = {
      policyGroup: versions.policyGroup,
      tags: new Map(versions.tags),
      groups: new Map(versions.groups.map((g) => [g.group, g])),
      fieldNotes: new Map(versions.fieldNotes),
    };
  }
  return set;
}

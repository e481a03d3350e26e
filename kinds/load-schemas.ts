// Reads `schemas/`: the shared fragments of `_common/` and one schema per kind. Everything else in
// mdbkit (CRDs, charts, types, the webhook's and linter's schema check) starts from what this returns.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isSchemaObject, type JSONSchema } from './json-schema.js';
import type { KindDefinition, KindNames } from './kind-definition.js';
import { PROJECT_ROOT, SCHEMA_BASE_URI, SCHEMAS_DIR } from './project-paths.js';
import { absolutiseRefs } from './transforms/absolutise-refs.js';
import { expandMixins } from './transforms/expand-mixins.js';
import { SchemaLookup } from './schema-lookup.js';
import { composeOperatorKinds } from './compose-operator-kinds.js';
import { OPERATOR_VERSIONS_FILE, readOperatorVersions, type OperatorVersions } from './operator-versions.js';

export interface SchemaSet {
  /** `_common/` fragments, mixins expanded and refs absolute, sorted by `$id`. */
  common: JSONSchema[];
  /** One entry per hand-written kind file (sorted by path), then one per imported kind and operator version. */
  kinds: KindDefinition[];
  /** Resolves any absolute `$ref` into the fragments or the kinds. */
  lookup: SchemaLookup;
  /** The operator versions the imported kinds come in, and each group's default; none without imports. */
  operatorVersions?: OperatorVersions;
}

export class SchemaLoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

function listSchemaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSchemaFiles(full));
    else if (entry.name.endsWith('.schema.json')) out.push(full);
  }
  return out.sort();
}

function readSchemaFile(dir: string, file: string): JSONSchema {
  const rel = relative(PROJECT_ROOT, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SchemaLoadError(rel, `not valid JSON: ${(err as Error).message}`);
  }
  if (!isSchemaObject(parsed)) throw new SchemaLoadError(rel, 'a schema file must hold a JSON object');
  const expectedId = SCHEMA_BASE_URI + relative(dir, file).split(sep).join('/');
  if (parsed.$id !== expectedId) {
    throw new SchemaLoadError(rel, `"$id" must be "${expectedId}" (its path below schemas/), found ${JSON.stringify(parsed.$id)}`);
  }
  return parsed;
}

function readKindNames(schema: JSONSchema, file: string): KindNames & { groups: string[] } {
  const block = schema['x-mdbkit-kind'];
  if (!isSchemaObject(block)) throw new SchemaLoadError(file, 'a kind schema needs an "x-mdbkit-kind" block');
  const strings = (key: string): string[] => {
    const value = block[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new SchemaLoadError(file, `"x-mdbkit-kind.${key}" must be a list of strings`);
    }
    return value;
  };
  const string = (key: string): string => {
    const value = block[key];
    if (typeof value !== 'string' || value === '') throw new SchemaLoadError(file, `"x-mdbkit-kind.${key}" must be a string`);
    return value;
  };
  const scope = string('scope');
  if (scope !== 'Namespaced' && scope !== 'Cluster') throw new SchemaLoadError(file, '"x-mdbkit-kind.scope" must be Namespaced or Cluster');
  const kind = string('kind');
  // The meta-schema of x-mdbkit-kind (kinds/ajv-instance.ts) checks these shapes when a kind compiles.
  const printerColumns = (Array.isArray(block.printerColumns) ? block.printerColumns : []) as KindNames['printerColumns'];
  const scale = isSchemaObject(block.scale) ? (block.scale as unknown as KindNames['scale']) : undefined;
  return {
    kind,
    listKind: `${kind}List`,
    plural: string('plural'),
    singular: string('singular'),
    shortNames: strings('shortNames'),
    categories: strings('categories'),
    scope,
    printerColumns,
    ...(scale ? { scale } : {}),
    groups: strings('groups'),
  };
}

/** Loads and resolves every schema below `dir` (the project's `schemas/` unless a test says otherwise). */
export function loadSchemas(dir: string = SCHEMAS_DIR): SchemaSet {
  const files = listSchemaFiles(dir);
  const common: JSONSchema[] = [];
  const commonFiles = new Map<JSONSchema, string>();
  const kindFiles: Array<{ file: string; schema: JSONSchema; below: string }> = [];
  for (const file of files) {
    const rel = relative(PROJECT_ROOT, file);
    const schema = absolutiseRefs(readSchemaFile(dir, file));
    const below = relative(dir, file);
    // Imported base schemas and overlays are read by composeOperatorKinds, not as kinds of their own.
    if (below.startsWith(`_imported${sep}`) || below.startsWith(`_overlays${sep}`)) continue;
    if (below.startsWith(`_common${sep}`)) {
      common.push(schema);
      commonFiles.set(schema, rel);
    } else kindFiles.push({ file: rel, schema, below });
  }
  // Mixins are expanded against the raw fragments; a mixin may not itself use mixins.
  const rawLookup = new SchemaLookup(common);
  const expand = (file: string, schema: JSONSchema): JSONSchema => {
    try {
      return expandMixins(schema, rawLookup);
    } catch (err) {
      throw new SchemaLoadError(file, (err as Error).message);
    }
  };
  const expandedCommon = common.map((schema) => expand(commonFiles.get(schema) ?? String(schema.$id), schema));
  const kinds = kindFiles.map(({ file, schema, below }): KindDefinition => {
    const names = readKindNames(schema, file);
    const [sourceGroup, version] = below.split(sep);
    if (!sourceGroup || !version) throw new SchemaLoadError(file, 'kind schemas live in schemas/<group>/<version>/');
    if (!names.groups.includes(sourceGroup)) {
      throw new SchemaLoadError(file, `"x-mdbkit-kind.groups" must include the folder's group ${sourceGroup}`);
    }
    return { ...names, sourceGroup, version, file, schema: expand(file, schema) };
  });
  const operatorVersions = existsSync(join(dir, OPERATOR_VERSIONS_FILE)) ? readOperatorVersions(dir) : undefined;
  if (operatorVersions) {
    for (const definition of composeOperatorKinds(dir, operatorVersions, (ref) => rawLookup.resolve(ref)))
      kinds.push({ ...definition, schema: expand(definition.file, definition.schema) });
  }
  const lookup = new SchemaLookup([...expandedCommon, ...kinds.map((k) => k.schema)]);
  return {
    common: expandedCommon.sort((a, b) => String(a.$id).localeCompare(String(b.$id))),
    kinds,
    lookup,
    ...(operatorVersions ? { operatorVersions } : {}),
  };
}

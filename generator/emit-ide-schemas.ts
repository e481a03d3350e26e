// Schemas for editors and manifest checkers: yaml-language-server (VS Code's YAML extension, Neovim,
// Helix, ...) and kubeconform read one self-contained JSON Schema per kind from a file or URL. The
// per-group files follow the layout of the CRDs catalog (github.com/datreeio/CRDs-catalog),
// `<group>/<kind lower-case>_<version>.json`, so kubeconform's `{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}`
// template finds them; `all.json` serves a whole folder of mixed manifests at once.
//
// What yaml-language-server 1.25 does with these schemas (checked by test/ide/yaml-language-server.test.ts):
// - A draft-07 `{$ref, description}` keeps its own description and takes the definition's other keywords,
//   `title` included, so hovering `interval:` shows the definition's title as a heading ("a duration
//   such as 2s") above the property's own description. A property without a title of its own shows the
//   nearest title above it, the kind ("MaxScale"). The descriptions are shown either way.
// - In draft-07 mode it drops every *constraint* next to a `$ref` (ajv applies them), so such siblings
//   are moved into an `allOf` beside the `$ref` (refSiblingsToAllOf) and the editor checks what the linter does.
import { apiVersionOf, madeFromNote, type KindDefinition } from '../kinds/kind-definition.js';
import { standaloneKindSchema } from '../kinds/kind-schema.js';
import type { SchemaSet } from '../kinds/load-schemas.js';
import { defaultGroupsOf, defaultKinds } from '../kinds/default-kinds.js';
import { isSchemaObject, mapSchema, type JSONSchema } from '../kinds/json-schema.js';
import { crossFieldRulesFor, withCrossFieldRules, type CrossFieldRule } from './cross-field-rules.js';
import { GENERATED_HEADER, type OutputFile } from './output-file.js';

export const IDE_SCHEMAS_DIR = 'generated/ide-schemas';
export const IDE_SCHEMA_BASE_URI = 'https://mdbkit.dev/ide-schemas/';
export const ALL_KINDS_FILE = 'all.json';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** `<group>/<kind lower-case>_<version>.json`, relative to the IDE schemas folder: the CRDs catalog's layout. */
export function ideSchemaFile(group: string, definition: Pick<KindDefinition, 'kind' | 'version'>): string {
  return `${group}/${definition.kind.toLowerCase()}_${definition.version}.json`;
}

/**
 * `x-mdbkit-*` keywords are build metadata (CRD names, mixins, the policy rule a CEL rule twins); editors have
 * no use for them.
 */
export function stripBuildMetadata(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => {
    const kept = Object.fromEntries(Object.entries(node).filter(([key]) => !key.startsWith('x-mdbkit-'))) as JSONSchema;
    const rules = kept['x-kubernetes-validations'];
    if (Array.isArray(rules)) {
      kept['x-kubernetes-validations'] = rules.map((r) =>
        Object.fromEntries(Object.entries(r as Record<string, unknown>).filter(([key]) => !key.startsWith('x-mdbkit-'))),
      );
    }
    return kept;
  });
}

// Keywords that only annotate: yaml-language-server keeps these next to a `$ref` in draft-07 mode.
const ANNOTATIONS = new Set(['$ref', '$comment', 'title', 'description', 'default', 'examples']);

/**
 * yaml-language-server ignores constraint siblings of a draft-07 `$ref`, ajv does not: moving them
 * beside an `allOf: [{$ref}]` keeps the meaning for both, and the annotations stay on the property.
 */
export function refSiblingsToAllOf(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => {
    if (typeof node.$ref !== 'string' || Object.keys(node).every((key) => ANNOTATIONS.has(key))) return node;
    const { $ref, allOf, ...rest } = node;
    return { ...rest, allOf: [{ $ref }, ...(allOf ?? [])] };
  });
}

/** Every object's keys in code-point order, recursively, so the bytes never depend on how a schema was built. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isSchemaObject(value)) return value;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, sortKeys(value[key])]));
}

function serialise(schema: JSONSchema): string {
  return `${JSON.stringify(sortKeys(schema), null, 2)}\n`;
}

/** An `$id` below the root would move the base that `#/definitions/...` resolves against. */
function assertSelfContained(schema: JSONSchema, where: string): void {
  const { $id: _root, ...body } = schema;
  mapSchema(body, (node) => {
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#/definitions/')) throw new Error(`${where}: $ref ${node.$ref} is not a local definition`);
    if (node.$id !== undefined) throw new Error(`${where}: a nested $id (${String(node.$id)}) would change how its $refs resolve`);
    return node;
  });
}

/**
 * The kind's schema as editors get it: self-contained, without build metadata, `$ref` siblings made explicit,
 * and its spec carrying the rules that tie fields together (generator/cross-field-rules.ts), which the chart's
 * values.schema.json shares, so an editor flags what `helm install` and the webhook would refuse.
 */
function editorSchema(set: SchemaSet, definition: KindDefinition, groups: string[]): JSONSchema {
  return refSiblingsToAllOf(stripBuildMetadata(withSpecRules(standaloneKindSchema(set, definition, groups), crossFieldRulesFor(definition))));
}

function withSpecRules(schema: JSONSchema, rules: readonly CrossFieldRule[]): JSONSchema {
  const spec = schema.properties?.spec;
  if (rules.length === 0 || !isSchemaObject(spec)) return schema;
  return { ...schema, properties: { ...schema.properties, spec: withCrossFieldRules(spec, rules) } };
}

function comment(sources: string[]): string {
  return `${GENERATED_HEADER}. Made by generator/emit-ide-schemas.ts from ${sources.join(', ')}.`;
}

/** An operator version's schemas sit in a folder of their own: `mariadb-operator-25.10/<group>/<kind>_<version>.json`. */
export function operatorVersionFolder(operatorVersion: string): string {
  return `mariadb-operator-${operatorVersion}`;
}

function perGroupFile(set: SchemaSet, definition: KindDefinition, group: string, folder = ''): OutputFile {
  const file = `${folder}${ideSchemaFile(group, definition)}`;
  const schema: JSONSchema = {
    ...editorSchema(set, definition, [group]),
    $schema: DRAFT_07,
    $id: `${IDE_SCHEMA_BASE_URI}${file}`,
    $comment: comment([madeFromNote(definition)]),
  };
  assertSelfContained(schema, file);
  return { path: `${IDE_SCHEMAS_DIR}/${file}`, contents: serialise(schema) };
}

/** Adds `incoming` to `into`; a name seen twice must mean the same schema (the kinds share `_common/`). */
function mergeDefinitions(
  into: Map<string, { schema: JSONSchema; from: string; canonical: string }>,
  incoming: Record<string, JSONSchema>,
  from: string,
): void {
  for (const [name, schema] of Object.entries(incoming)) {
    const canonical = JSON.stringify(sortKeys(schema));
    const existing = into.get(name);
    if (!existing) into.set(name, { schema, from, canonical });
    else if (existing.canonical !== canonical) {
      throw new Error(`${ALL_KINDS_FILE}: definition ${name} differs between ${existing.from} and ${from}; rename one of them in schemas/`);
    }
  }
}

/**
 * One schema for any manifest: an `allOf` of `if {apiVersion, kind} then {$ref kind}`. An `if` that does
 * not match is vacuously true, so a document of another kind (a ConfigMap beside a MaxScale) passes;
 * `anyOf`/`oneOf` of such branches would accept or reject everything. `type: object` in the `if` keeps a
 * scalar document from matching a branch by having no properties to check.
 */
function allKindsFile(set: SchemaSet): OutputFile {
  const kinds = defaultKinds(set).sort((a, b) => a.kind.localeCompare(b.kind) || a.version.localeCompare(b.version) || a.file.localeCompare(b.file));
  const definitions = new Map<string, { schema: JSONSchema; from: string; canonical: string }>();
  const branches: JSONSchema[] = [];
  for (const definition of kinds) {
    const groups = defaultGroupsOf(set, definition);
    const { definitions: shared = {}, $id: _id, $schema: _schema, ...root } = editorSchema(set, definition, groups);
    const operator = definition.operatorVersion ? `_operator_${definition.operatorVersion.replace(/\./g, '_')}` : '';
    const rootName = `${definition.kind}_${definition.version}${operator}`;
    mergeDefinitions(definitions, { ...shared, [rootName]: root }, definition.file);
    for (const group of [...groups].sort()) {
      branches.push({
        if: {
          type: 'object',
          properties: { apiVersion: { const: apiVersionOf(group, definition.version) }, kind: { const: definition.kind } },
          required: ['apiVersion', 'kind'],
        },
        then: { $ref: `#/definitions/${rootName}` },
      });
    }
  }
  const served = kinds.map(
    (d) =>
      `${d.kind} (${defaultGroupsOf(set, d)
        .map((g) => apiVersionOf(g, d.version))
        .join(', ')}${d.operatorVersion ? `; mariadb-operator ${d.operatorVersion}` : ''})`,
  );
  const schema: JSONSchema = {
    $schema: DRAFT_07,
    $id: `${IDE_SCHEMA_BASE_URI}${ALL_KINDS_FILE}`,
    $comment: comment(kinds.map(madeFromNote)),
    title: 'MariaDB operator resources',
    description: `Checks each document by its apiVersion and kind: ${served.join('; ')}. Documents of other kinds are not checked.`,
    allOf: branches,
    definitions: Object.fromEntries([...definitions].map(([name, { schema: s }]) => [name, s])),
  };
  assertSelfContained(schema, ALL_KINDS_FILE);
  return { path: `${IDE_SCHEMAS_DIR}/${ALL_KINDS_FILE}`, contents: serialise(schema) };
}

export function emitIdeSchemas(set: SchemaSet): OutputFile[] {
  // The catalog's layout holds each group's default; every operator version also has a folder of its own.
  const files = set.kinds.flatMap((definition) => [
    ...defaultGroupsOf(set, definition).map((group) => perGroupFile(set, definition, group)),
    ...(definition.operatorVersion
      ? definition.groups.map((group) => perGroupFile(set, definition, group, `${operatorVersionFolder(definition.operatorVersion!)}/`))
      : []),
  ]);
  files.push(allKindsFile(set));
  const seen = new Set<string>();
  for (const { path } of files) {
    if (seen.has(path)) throw new Error(`two kinds would both be written to ${path}`);
    seen.add(path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

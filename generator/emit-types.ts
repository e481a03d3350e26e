// TypeScript types for every kind, made from the same schemas with json-schema-to-typescript, so
// that no shape is written twice. One file per kind; the index re-exports each kind's root type.
//
// json-schema-to-typescript formats with prettier: compiling every kind was half of `mdbkit generate`'s CPU and
// most of `npm run build`'s first step. The output is a pure function of its input, so a file already on disk for
// the same input (its first line records the input's digest: the schema, the options, both libraries' versions)
// is taken as it is, as emit-validators.ts does; test/types.test.ts compiles afresh and compares.
import { createRequire } from 'node:module';
import type { Options } from 'json-schema-to-typescript';
import type { SchemaSet } from '../kinds/load-schemas.js';
import { madeFromNote, type KindDefinition } from '../kinds/kind-definition.js';
import { standaloneKindSchema } from '../kinds/kind-schema.js';
import { mapSchema, type JSONSchema } from '../kinds/json-schema.js';
import { GENERATED_HEADER, type OutputFile } from './output-file.js';
import { DIGEST_MARK, digestOf as digestOfInput, fileOnDisk, reusable, type PreviousFile } from './reuse-by-digest.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

export const TYPES_DIR = 'types/generated';

/** json-schema-to-typescript names a type after any `title`; ours are error-message hints, not names. */
function dropNestedTitles(schema: JSONSchema): JSONSchema {
  const rootTitle = schema.title;
  const stripped = mapSchema(schema, ({ title: _t, ...rest }) => rest);
  return { ...stripped, title: rootTitle };
}

// The MariaDB operators' kinds keep their plain names; another system's kind of the same name (KubeDB's
// MariaDB) is qualified by its group's first label: KubedbMariaDB.
const HOME_GROUP = 'enterprise.mariadb.com';

function typeNameOf(definition: KindDefinition, all: readonly KindDefinition[]): { type: string; file: string } {
  const clash = all.some((other) => other !== definition && other.kind === definition.kind);
  if (!clash || definition.sourceGroup === HOME_GROUP) return { type: definition.kind, file: definition.singular };
  const label = definition.sourceGroup.split('.')[0]!;
  return { type: `${label[0]!.toUpperCase()}${label.slice(1)}${definition.kind}`, file: `${label}-${definition.singular}` };
}

/**
 * One type per kind: an operator's kinds at the newest operator version (a type of every version would
 * clash by name, and code written against the newest is what moves forward).
 */
function defaultKindsForTypes(set: SchemaSet): KindDefinition[] {
  const newest = set.operatorVersions ? [...set.operatorVersions.tags.keys()].at(-1) : undefined;
  return set.kinds.filter((k) => !k.operatorVersion || k.operatorVersion === newest);
}

const COMPILE_OPTIONS = {
  additionalProperties: false,
  strictIndexSignatures: true,
  unknownAny: true,
  format: true,
  style: { singleQuote: true, printWidth: 120 },
} satisfies Partial<Options>;

function digestOf(schema: JSONSchema, type: string, banner: string): string {
  return digestOfInput({
    jsonSchemaToTypescript: versionOf('json-schema-to-typescript'),
    prettier: versionOf('prettier'),
    options: COMPILE_OPTIONS,
    banner,
    type,
    schema,
  });
}

export interface EmitTypesOptions {
  /** The file now at a path, to take it as it is when its recorded digest is the new input's; undefined to compile everything. */
  previous?: PreviousFile;
}

export async function emitTypes(set: SchemaSet, options: EmitTypesOptions = {}): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  const index: string[] = [];
  for (const definition of [...defaultKindsForTypes(set)].sort((a, b) => a.kind.localeCompare(b.kind) || a.sourceGroup.localeCompare(b.sourceGroup))) {
    const { type, file } = typeNameOf(definition, defaultKindsForTypes(set));
    const path = `${TYPES_DIR}/${file}.ts`;
    const schema = dropNestedTitles({ ...standaloneKindSchema(set, definition, definition.groups), title: type });
    const made = `made from ${madeFromNote(definition)} by json-schema-to-typescript`;
    const digest = digestOf(schema, type, made);
    const previous = reusable(options.previous, path, digest);
    if (previous !== undefined) files.push({ path, contents: previous });
    else {
      // Loaded only when a type must be compiled: prettier alone takes a third of a second to load.
      const { compile } = await import('json-schema-to-typescript');
      const source = await compile(schema as never, type, { ...COMPILE_OPTIONS, bannerComment: `// ${GENERATED_HEADER}: ${made}; ${DIGEST_MARK}${digest}` });
      files.push({ path, contents: source });
    }
    index.push(`export type { ${type} } from './${file}.js';`);
  }
  files.push({ path: `${TYPES_DIR}/index.ts`, contents: `// ${GENERATED_HEADER}.\n${index.join('\n')}\n` });
  return files;
}

/** The emitter `mdbkit generate` and the build run: what is on disk for the same input is kept, the rest compiled. */
export function emitTypesReusingOnDisk(set: SchemaSet): Promise<OutputFile[]> {
  return emitTypes(set, { previous: fileOnDisk });
}

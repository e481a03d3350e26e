// TypeScript types for every kind, made from the same schemas with json-schema-to-typescript, so
// that no shape is written twice. One file per kind; the index re-exports each kind's root type.
import { compile } from 'json-schema-to-typescript';
import type { SchemaSet } from '../kinds/load-schemas.js';
import { madeFromNote, type KindDefinition } from '../kinds/kind-definition.js';
import { standaloneKindSchema } from '../kinds/kind-schema.js';
import { mapSchema, type JSONSchema } from '../kinds/json-schema.js';
import { GENERATED_HEADER, type OutputFile } from './output-file.js';

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

export async function emitTypes(set: SchemaSet): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  const index: string[] = [];
  for (const definition of [...defaultKindsForTypes(set)].sort((a, b) => a.kind.localeCompare(b.kind) || a.sourceGroup.localeCompare(b.sourceGroup))) {
    const { type, file } = typeNameOf(definition, defaultKindsForTypes(set));
    const schema = dropNestedTitles({ ...standaloneKindSchema(set, definition, definition.groups), title: type });
    const source = await compile(schema as never, type, {
      bannerComment: `// ${GENERATED_HEADER}: made from ${madeFromNote(definition)} by json-schema-to-typescript.`,
      additionalProperties: false,
      strictIndexSignatures: true,
      unknownAny: true,
      format: true,
      style: { singleQuote: true, printWidth: 120 },
    });
    files.push({ path: `${TYPES_DIR}/${file}.ts`, contents: source });
    index.push(`export type { ${type} } from './${file}.js';`);
  }
  files.push({ path: `${TYPES_DIR}/index.ts`, contents: `// ${GENERATED_HEADER}.\n${index.join('\n')}\n` });
  return files;
}

// TypeScript types for every kind, made from the same schemas with json-schema-to-typescript, so
// that no shape is written twice. One file per kind; the index re-exports each kind's root type.
import { compile } from 'json-schema-to-typescript';
import type { SchemaSet } from './load-schemas.js';
import { standaloneKindSchema } from './kind-schema.js';
import { mapSchema, type JSONSchema } from './json-schema.js';
import { GENERATED_HEADER, type OutputFile } from './output-file.js';

export const TYPES_DIR = 'types/generated';

/** json-schema-to-typescript names a type after any `title`; ours are error-message hints, not names. */
function dropNestedTitles(schema: JSONSchema): JSONSchema {
  const rootTitle = schema.title;
  const stripped = mapSchema(schema, ({ title: _t, ...rest }) => rest);
  return { ...stripped, title: rootTitle };
}

export async function emitTypes(set: SchemaSet): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  const index: string[] = [];
  for (const definition of [...set.kinds].sort((a, b) => a.kind.localeCompare(b.kind))) {
    const schema = dropNestedTitles({ ...standaloneKindSchema(set, definition, definition.groups), title: definition.kind });
    const source = await compile(schema as never, definition.kind, {
      bannerComment: `// ${GENERATED_HEADER}: made from ${definition.file} by json-schema-to-typescript.`,
      additionalProperties: false,
      strictIndexSignatures: true,
      unknownAny: true,
      format: true,
      style: { singleQuote: true, printWidth: 120 },
    });
    files.push({ path: `${TYPES_DIR}/${definition.singular}.ts`, contents: source });
    index.push(`export type { ${definition.kind} } from './${definition.singular}.js';`);
  }
  files.push({ path: `${TYPES_DIR}/index.ts`, contents: `// ${GENERATED_HEADER}.\n${index.join('\n')}\n` });
  return files;
}

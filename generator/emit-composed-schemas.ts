// generated/schemas/: the composed schemas as lint and the webhook read them (kinds/composed-schemas.ts), so that
// neither composes schemas/ at start. One index of the kinds' names and versions, one file per kind definition
// and shared fragment (read only when asked for). JSON keeps the set's own key order: the snapshot must load
// as the very set `loadSchemas` made.
import { COMPOSED_INDEX_FILE, COMPOSED_SCHEMAS_DIR, composedSchemaFile, serialiseOperatorVersions, type ComposedIndex } from '../kinds/composed-schemas.js';
import type { JSONSchema } from '../kinds/json-schema.js';
import { madeFromNote } from '../kinds/kind-definition.js';
import type { SchemaSet } from '../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from './output-file.js';

const serialise = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;

export function emitComposedSchemas(set: SchemaSet): OutputFile[] {
  const files: OutputFile[] = [];
  const schemaFile = (schema: JSONSchema, madeFrom: string): string => {
    const file = composedSchemaFile(schema);
    files.push({
      path: `${COMPOSED_SCHEMAS_DIR}/${file}`,
      contents: serialise({ $comment: `${GENERATED_HEADER}: the composed schema of ${madeFrom}, as mdbkit generate made it`, schema }),
    });
    return file;
  };
  const index: ComposedIndex = {
    $comment: `${GENERATED_HEADER}: the kinds of schemas/ as mdbkit generate composed them, read by lint and the webhook instead of composing again`,
    ...(set.operatorVersions ? { operatorVersions: serialiseOperatorVersions(set.operatorVersions) } : {}),
    common: set.common.map((schema) => schemaFile(schema, String(schema.$id))),
    kinds: set.kinds.map(({ schema, ...definition }) => ({ ...definition, schemaFile: schemaFile(schema, madeFromNote(definition)) })),
  };
  files.push({ path: `${COMPOSED_SCHEMAS_DIR}/${COMPOSED_INDEX_FILE}`, contents: serialise(index) });
  return files;
}

// The SARIF 2.1.0 schema that Microsoft's SARIF SDK bundles in @microsoft/sarif-multitool-ts (a dev
// dependency), compiled with ajv. The package's exports map hides assets/, so the file is found from
// the package's resolved entry point.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

// ajv's classes are CommonJS default exports; under NodeNext they sit on `.default` (see kinds/ajv-instance.ts).
const Ajv2020 = Ajv2020Module.default;
const addFormats = formatsModule.default;

export const SARIF_SCHEMA_PATH = join(
  dirname(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-ts')),
  '..',
  'assets',
  'sarif-2.1.0.schema.json',
);

let validate: ValidateFunction | undefined;

/**
 * The bundled copy declares draft 2020-12 (the OASIS original says draft-07); it uses only keywords that
 * mean the same in both, so the 2020 class honours its own $schema. strict is off because the schema
 * itself trips ajv's authoring checks (strictRequired), which say nothing about the documents it validates.
 */
function sarifValidator(): ValidateFunction {
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);
  }
  return validate;
}

/** The schema's complaints about a log; empty when it is valid SARIF 2.1.0. */
export function sarifErrors(log: unknown): ErrorObject[] {
  const validate = sarifValidator();
  return validate(log) ? [] : [...(validate.errors ?? [])];
}

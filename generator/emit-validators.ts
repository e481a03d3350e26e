// The schema check compiled at build time: ajv's standalone code, one ES module per API group, version, kind and
// operator version, so that neither the webhook's start nor a lint run compiles a schema (compiling the served
// kinds took a second and a half of every start, and most of a one-file lint; BENCHMARKS.md).
// https://ajv.js.org/standalone.html
//
// The validators are compiled by the same ajv configuration the schemas were always checked with
// (kinds/ajv-instance.ts), so they report the same errors; test/generator/validators.test.ts compares both over
// the examples and the invalid manifests.
//
// Compiling every kind takes seconds, most of `mdbkit generate`; the output is a pure function of its input, so
// a file already committed for the same input (its header records the input's digest: the bundled schema, the
// compile options and ajv's version) is taken as it is. The tests compile everything afresh and compare bytes.
import { createRequire } from 'node:module';
import type { Options } from 'ajv';
import { madeFromNote, type KindDefinition } from '../kinds/kind-definition.js';
import { standaloneKindSchema } from '../kinds/kind-schema.js';
import type { SchemaSet } from '../kinds/load-schemas.js';
import { VALIDATORS_DIR, validatorModuleFile } from '../kinds/validator-modules.js';
import { GENERATED_HEADER, type OutputFile } from './output-file.js';
import { DIGEST_MARK, digestOf as digestOfInput, fileOnDisk, reusable, type PreviousFile } from './reuse-by-digest.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/**
 * Part of every file's digest: change it when this emitter changes the text it writes around ajv's code, so
 * that no committed file is taken for current by its digest alone.
 */
const OUTPUT_FORMAT = 2;

/** The code that loads ajv-formats' own functions (the ones `createAjv` adds) in the standalone code. */
const FORMATS_CODE = 'require("ajv-formats/dist/formats").fullFormats';

/**
 * ajv's standalone code as a CommonJS module: policies/validator-script.ts runs it as a script, which lets V8 keep
 * its compiled code between runs (an ES module's it cannot, in Node 20). `formats` names the formats by
 * FORMATS_CODE; `lines` keeps the code diffable. ajv is loaded only when a kind must be compiled: most runs of
 * `mdbkit generate` take every file as it is.
 */
async function standaloneOptions(): Promise<Options> {
  const { _ } = await import('ajv');
  // As code, not as a string value: the tag called with the text as its one literal part.
  return { code: { source: true, esm: false, lines: true, formats: _(Object.assign([FORMATS_CODE], { raw: [FORMATS_CODE] })) } };
}

export interface EmitValidatorsOptions {
  /** The file now at a path, to take it as it is when its recorded digest is the new input's; undefined to compile everything. */
  previous?: PreviousFile;
}

/** The committed file at a path of the project, if there is one. */
export const committedFile = fileOnDisk;

function digestOf(schema: object): string {
  return digestOfInput({
    format: OUTPUT_FORMAT,
    ajv: versionOf('ajv'),
    ajvFormats: versionOf('ajv-formats'),
    options: FORMATS_CODE,
    schema,
  });
}

/** Every kind a group serves, at every operator version it comes in: one module each. */
export function validatedKinds(set: SchemaSet): Array<{ group: string; definition: KindDefinition; path: string }> {
  return set.kinds
    .flatMap((definition) => definition.groups.map((group) => ({ group, definition, path: `${VALIDATORS_DIR}/${validatorModuleFile(group, definition)}` })))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function compile(schema: object, header: string): Promise<string> {
  const { createAjv } = await import('../kinds/ajv-instance.js');
  // CommonJS with a `default` export; under NodeNext the function sits on `.default` (as ajv's class does).
  const standaloneCode = (await import('ajv/dist/standalone/index.js')).default.default;
  // One ajv per module: standalone code holds every schema the instance compiled, and each file holds one kind.
  const ajv = createAjv(await standaloneOptions());
  const code = standaloneCode(ajv, ajv.compile(schema));
  return `${header}\n${code.endsWith('\n') ? code : `${code}\n`}`;
}

export async function emitValidators(set: SchemaSet, options: EmitValidatorsOptions = {}): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  for (const { group, definition, path } of validatedKinds(set)) {
    const schema = standaloneKindSchema(set, definition, [group]);
    const digest = digestOf(schema);
    const previous = reusable(options.previous, path, digest);
    if (previous !== undefined) {
      files.push({ path, contents: previous });
      continue;
    }
    const header = `// ${GENERATED_HEADER}: the schema check of ${definition.kind} in ${group}${definition.operatorVersion ? ` at operator ${definition.operatorVersion}` : ''}, made from ${madeFromNote(definition)} by ajv ${versionOf('ajv')} (standalone code); ${DIGEST_MARK}${digest}`;
    files.push({ path, contents: await compile(schema, header) });
  }
  return files;
}

/** The emitter `mdbkit generate` runs: what is committed for the same input is kept, the rest compiled. */
export function emitValidatorsReusingCommitted(set: SchemaSet): Promise<OutputFile[]> {
  return emitValidators(set, { previous: committedFile });
}

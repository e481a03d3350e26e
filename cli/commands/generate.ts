// `mdbkit generate`: writes every generated file (CRDs, charts, IDE schemas, types) from schemas/.
// With --check it writes nothing and fails when the committed files differ, for CI.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { OutputFile } from '../../generator/output-file.js';
import { isSourceCheckout, PROJECT_ROOT } from '../../kinds/project-paths.js';
import { UsageError } from '../cli-error.js';
import type { Command } from '../command.js';

const HELP = `Usage: mdbkit generate [--out DIR] [--check]

Writes every generated file from the JSON Schemas in schemas/: the CRDs (generated/crds/), the charts
(charts/), the IDE schemas (generated/ide-schemas/), the schema checks (generated/validators/), the composed
schemas lint and the webhook read (generated/schemas/), the TypeScript types (types/generated/), and the rule
catalog document (docs/rules.md) from the rules in policies/. The same schemas always give the same bytes. Files in those folders that the
generator no longer makes are removed.

Options:
  --out DIR     write below DIR instead of the project folder (required outside a checkout of mdbkit)
  --check       write nothing; exit 1 and list the files that differ from a fresh generation
  -h, --help    show this help
`;

function filesBelow(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(root, full) : [relative(root, full).split(sep).join('/')];
  });
}

/** What differs between the generated files and what is on disk below `root`. */
export function staleFiles(root: string, files: readonly OutputFile[], generatedRoots: readonly string[]): { changed: string[]; extra: string[] } {
  const wanted = new Map(files.map((f) => [f.path, f.contents]));
  const changed = files.filter((f) => !existsSync(join(root, f.path)) || readFileSync(join(root, f.path), 'utf8') !== f.contents).map((f) => f.path);
  const extra = generatedRoots.flatMap((r) => filesBelow(root, join(root, r))).filter((path) => !wanted.has(path));
  return { changed, extra };
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write the CRDs, charts, IDE schemas and types made from the schemas',
  help: HELP,
  options: { out: { type: 'string' }, check: { type: 'boolean' } },
  completions: { out: 'path' },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'generate');
    // An installed package's own files are npm's: rewriting them would change node_modules under the user's
    // feet (and the next `npm ci` would put them back), so outside a checkout the output goes where --out says.
    if (typeof values.out !== 'string' && !values.check && !isSourceCheckout()) {
      throw new UsageError(
        `this is an installed package (${PROJECT_ROOT}), whose files are not to be rewritten: give --out DIR, e.g. mdbkit generate --out ./mdbkit-generated`,
        'generate',
      );
    }
    const root = typeof values.out === 'string' ? resolve(io.cwd, values.out) : PROJECT_ROOT;
    // Loaded on demand: the emitters' libraries (json-schema-to-typescript with prettier, handlebars) would
    // otherwise slow the start of every command, and the webhook's image runs without the generator.
    const { generateAll } = await import('../../generator/generate-all.js');
    const { GENERATED_ROOTS } = await import('../../generator/generated-roots.js');
    const { writeFiles } = await import('../../generator/write-files.js');
    const { emitRulesDoc } = await import('./generate-rules-doc.js');
    const { loadSchemas } = await import('../../kinds/load-schemas.js');
    const { createPolicyEngine } = await import('../../policies/registry.js');
    const { SchemaValidator } = await import('../../policies/schema-validator.js');
    // schemas/ composed once, for every emitter and for the rule catalog's CEL twins. Not the engine lint uses:
    // its schemas are the snapshot (generated/schemas/) this run is about to rewrite, older than schemas/ or missing.
    const set = loadSchemas();
    // The generator stands on the schemas alone; the rule catalog document comes from the policies.
    const files = [...(await generateAll(set)), emitRulesDoc(createPolicyEngine(new SchemaValidator(set)))];
    const { changed, extra } = staleFiles(root, files, GENERATED_ROOTS);
    if (values.check) {
      for (const path of changed) io.stdout.write(`differs: ${path}\n`);
      for (const path of extra) io.stdout.write(`not generated any more: ${path}\n`);
      if (changed.length + extra.length === 0) io.stdout.write(`${files.length} generated files are current\n`);
      return changed.length + extra.length === 0 ? 0 : 1;
    }
    // Only the files that differ are written, so a current tree keeps its modification times.
    const written = writeFiles(root, files);
    for (const path of extra) rmSync(join(root, path));
    io.stdout.write(
      written + extra.length === 0
        ? `${files.length} generated files are current\n`
        : `wrote ${written} of ${files.length} files${extra.length > 0 ? `, removed ${extra.length} stale` : ''}\n`,
    );
    return 0;
  },
};

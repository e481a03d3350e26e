// `npm run import-operator -- <checkout> <tag> [<tag> ...]`: the mariadb-operator's CRDs at each release tag
// become mdbkit's base schemas (schemas/_imported/mariadb-operator/<tag>/), and the tag's CRDs, example
// manifests and licence are kept as test data (test/fixtures/mariadb-operator/<tag>/) so that a clone of
// mdbkit can prove the import current and the schemas true to the operator without the operator's repository.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT, SCHEMAS_DIR } from '../../kinds/project-paths.js';
import { OperatorCheckout } from './operator-checkout.js';
import { importTag, type ImportedTag } from './import-tag.js';

export const OPERATOR_FIXTURES_DIR = join(PROJECT_ROOT, 'test/fixtures/mariadb-operator');

/** Writes a whole folder beside its place and swaps it in, so a failed import leaves the old one whole. */
function replaceFolder(target: string, files: ReadonlyMap<string, string>): void {
  const staging = `${target}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [relativePath, contents] of files) {
      const full = join(staging, relativePath);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, contents);
    }
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

function writeTag(imported: ImportedTag): void {
  replaceFolder(join(SCHEMAS_DIR, imported.schemaDir), imported.schemas);
  replaceFolder(join(OPERATOR_FIXTURES_DIR, imported.tag), imported.fixtures);
}

function main(argv: string[]): number {
  const [checkout, ...tags] = argv;
  if (!checkout || tags.length === 0) {
    console.error('usage: npm run import-operator -- <mariadb-operator git checkout or mirror> <tag> [<tag> ...]   (e.g. v26.6.0)');
    return 2;
  }
  const source = new OperatorCheckout(checkout);
  for (const tag of tags) {
    const imported = importTag(source, tag, parse);
    writeTag(imported);
    console.log(`${tag} (${imported.commit.slice(0, 12)}): ${imported.schemas.size} base schemas, ${imported.fixtures.size} fixture files`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error(`import-operator: ${(err as Error).message}`);
  process.exitCode = 1;
}

// `npm run bench`: documents per second of `mdbkit lint` (the real binary, in its own process) over
// 10,000 MariaDB, MaxScale and Connection manifests in 100 files, beside the floor of parsing the same
// files with the `yaml` package alone. Figures are printed, never asserted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../generator/project-paths.js';
import { makeManifests } from './make-manifests.js';

const DOCUMENTS = 10_000;
const FILES = 100;
const RUNS = 3;

const PARSE_ONLY = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseAllDocuments } = require(${JSON.stringify(join(PROJECT_ROOT, 'node_modules', 'yaml'))});
let documents = 0;
for (const file of readdirSync(process.argv[1]).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(process.argv[1], file), 'utf8'))) { doc.toJS(); documents++; }
}
if (documents !== ${DOCUMENTS}) throw new Error('parsed ' + documents + ' documents');
`;

/** Best wall time of `RUNS` runs of a command, in seconds: the least disturbed by the shared machine. */
function bestSeconds(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), 'mdbkit-bench-'));
try {
  makeManifests(dir, DOCUMENTS, FILES);
  const bin = join(PROJECT_ROOT, 'bin', 'mdbkit.js');
  const lint = bestSeconds(() => {
    const out = execFileSync(process.execPath, [bin, 'lint', '--format', 'json', dir], { maxBuffer: 256 * 1024 * 1024 });
    const summary = (JSON.parse(out.toString()) as { summary: { documents: number; errors: number } }).summary;
    if (summary.documents !== DOCUMENTS || summary.errors !== 0) throw new Error(`lint summary ${JSON.stringify(summary)}`);
  });
  const parse = bestSeconds(() => execFileSync(process.execPath, ['-e', PARSE_ONLY, dir]));
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    lint: { documents: DOCUMENTS, files: FILES, seconds: lint, documentsPerSecond: DOCUMENTS / lint },
    parseOnlyFloor: { seconds: parse, documentsPerSecond: DOCUMENTS / parse },
    ratioLintToParse: parse / lint,
  };
  console.log(`machine: ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}`);
  console.log('| run | seconds (best of 3) | documents/s |');
  console.log('| --- | --- | --- |');
  console.log(`| mdbkit lint (${DOCUMENTS} documents, ${FILES} files) | ${lint.toFixed(2)} | ${Math.round(DOCUMENTS / lint)} |`);
  console.log(`| yaml parse only (floor) | ${parse.toFixed(2)} | ${Math.round(DOCUMENTS / parse)} |`);
  console.log(`lint / parse-only throughput: ${results.ratioLintToParse.toFixed(2)}`);
  writeFileSync(join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

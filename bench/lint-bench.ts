// Documents per second of `mdbkit lint` (the real binary, in its own process) over 5,000 MariaDB, MaxScale
// and Connection manifests in 50 files, beside the floor of parsing the same files with the `yaml` package
// alone in the same kind of process; and the CPU time of linting one small file (one MariaDB, MaxScale and
// Connection: a pre-commit hook's or an editor's run, start-up included) beside the floor's on the same file.
// Lint and floor alternate; each figure is the best of its runs, the one the shared machine disturbed least.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { timeChildRuns } from './cpu-accounting.js';
import { makeManifests } from './make-manifests.js';

export interface LintResults {
  documents: number;
  files: number;
  runs: number;
  lint: RunTimes;
  parseOnlyFloor: RunTimes;
  /** Lint throughput divided by the floor's (best wall times). */
  ratioLintToParse: number;
  /** The same from CPU times (best of each), which other work on a shared machine hardly changes. */
  cpuRatioLintToParse?: number;
  /** One small file: lint and the floor, and lint's CPU time divided by the floor's (best of each). */
  oneFile?: { documents: number; lint: RunTimes; parseOnlyFloor: RunTimes; cpuRatioLintToParse?: number };
}

export interface RunTimes {
  /** Best wall time. */
  seconds: number;
  documentsPerSecond: number;
  allSeconds: number[];
  /** CPU time (user + system, all threads) of each run, when the platform tells. */
  allCpuSeconds: number[];
  /** Least CPU time of the runs. */
  cpuSeconds?: number;
}

const PARSE_ONLY = (documents: number) => `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseAllDocuments } = require(${JSON.stringify(join(PROJECT_ROOT, 'node_modules', 'yaml'))});
let documents = 0;
for (const file of readdirSync(process.argv[1]).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(process.argv[1], file), 'utf8'))) { doc.toJS(); documents++; }
}
if (documents !== ${documents}) throw new Error('parsed ' + documents + ' documents');
`;

function runTimes(documents: number, times: { wall: number[]; cpu: number[] }): RunTimes {
  const seconds = Math.min(...times.wall);
  return {
    seconds,
    documentsPerSecond: documents / seconds,
    allSeconds: times.wall,
    allCpuSeconds: times.cpu,
    ...(times.cpu.length > 0 ? { cpuSeconds: Math.min(...times.cpu) } : {}),
  };
}

export function runLintBench(options: { tmpDir: string; documents?: number; files?: number; runs?: number }): LintResults {
  const documents = options.documents ?? 5_000;
  const files = options.files ?? 50;
  const runs = options.runs ?? 3;
  const dir = join(options.tmpDir, 'lint-manifests');
  makeManifests(dir, documents, files);
  const bin = join(PROJECT_ROOT, 'bin', 'mdbkit.js');
  const { lint: lintTimes, parse: parseTimes } = alternate(bin, dir, documents, runs);
  const smallDir = join(options.tmpDir, 'lint-one-file');
  const small = 3;
  makeManifests(smallDir, small, 1);
  // More runs: each is a fraction of a second, where a neighbour's moment counts for more.
  const one = alternate(bin, smallDir, small, Math.max(runs, 5));
  return {
    oneFile: {
      documents: small,
      lint: one.lint,
      parseOnlyFloor: one.parse,
      ...(one.lint.cpuSeconds && one.parse.cpuSeconds ? { cpuRatioLintToParse: one.lint.cpuSeconds / one.parse.cpuSeconds } : {}),
    },
    documents,
    files,
    runs,
    lint: lintTimes,
    parseOnlyFloor: parseTimes,
    ratioLintToParse: parseTimes.seconds / lintTimes.seconds,
    ...(lintTimes.cpuSeconds && parseTimes.cpuSeconds ? { cpuRatioLintToParse: parseTimes.cpuSeconds / lintTimes.cpuSeconds } : {}),
  };
}

/** Lint and the floor over the same folder, alternated run after run: a drift of the machine then touches both alike. */
function alternate(bin: string, dir: string, documents: number, runs: number): { lint: RunTimes; parse: RunTimes } {
  const lintOnce = () => {
    const out = execFileSync(process.execPath, [bin, 'lint', '--output', 'json', dir], { maxBuffer: 256 * 1024 * 1024 });
    const summary = (JSON.parse(out.toString()) as { summary: { documents: number; errors: number } }).summary;
    if (summary.documents !== documents || summary.errors !== 0) throw new Error(`lint summary ${JSON.stringify(summary)}`);
  };
  const parseOnce = () => execFileSync(process.execPath, ['-e', PARSE_ONLY(documents), dir]);
  const lint = { wall: [] as number[], cpu: [] as number[] };
  const parse = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const [times, once] of [
      [lint, lintOnce],
      [parse, parseOnce],
    ] as const) {
      const one = timeChildRuns(1, once);
      times.wall.push(...one.wall);
      times.cpu.push(...one.cpu);
    }
  }
  return { lint: runTimes(documents, lint), parse: runTimes(documents, parse) };
}

// Wall time of `mdbkit generate` as a user runs it (a fresh node process: start-up, schema loading, every
// emitter, writing), into a scratch folder (--out) so the benchmark never touches the committed files.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { timeChildRuns } from './cpu-accounting.js';

export interface GenerateResults {
  runs: number;
  /** Best wall time of the runs. */
  seconds: number;
  allSeconds: number[];
  /** CPU time (user + system, all threads) of each run, when the platform tells. */
  allCpuSeconds: number[];
  /** What the command said (how many files). */
  output: string;
}

export function runGenerateBench(options: { tmpDir: string; runs?: number }): GenerateResults {
  const runs = options.runs ?? 3;
  const bin = join(PROJECT_ROOT, 'bin', 'mdbkit.js');
  let output = '';
  let run = 0;
  // A fresh folder each run, so that every run writes every file; all are removed with tmpDir.
  const times = timeChildRuns(runs, () => {
    output = execFileSync(process.execPath, [bin, 'generate', '--out', join(options.tmpDir, `generate-${run++}`)], { encoding: 'utf8' }).trim();
  });
  return { runs, seconds: Math.min(...times.wall), allSeconds: times.wall, allCpuSeconds: times.cpu, output };
}

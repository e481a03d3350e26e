// The real `mdbkit` binary run with a CPU-time budget and a heap limit, as a CI job with a memory quota would run
// it, and the one question every hardening run asks of it: did it end well (a finding, a clean exit, or exit 2 with
// an `mdbkit: ...` line), or badly (over its CPU budget, hung, out of memory, a stack trace, an exit code it does
// not document)? The budget is CPU time, which a busy machine hardly changes; the clock only catches a hang, after
// far longer than any budget.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../kinds/project-paths.js';
import { BIN, ensureBuilt } from '../../cli/support/run-cli.js';

/** Per run: CPU seconds and a heap limit (MDBKIT_CLI_CPU_SECONDS and MDBKIT_CLI_MAX_OLD_SPACE_MB override them). */
export const CLI_LIMITS = {
  cpuSeconds: Number(process.env.MDBKIT_CLI_CPU_SECONDS ?? 10),
  maxOldSpaceMb: Number(process.env.MDBKIT_CLI_MAX_OLD_SPACE_MB ?? 256),
};

/** A run still going after this many times its CPU budget in wall time (at least two minutes) is hung. */
const HANG_FACTOR = 12;
const USAGE_PRELOAD = join(import.meta.dirname, 'report-resource-usage.cjs');
let usageDir: string | undefined;

export interface BoundedRun {
  args: readonly string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** User + system CPU time of the child, when it exited on its own. */
  cpuSeconds?: number;
  /** The CPU budget it was held to. */
  cpuBudget: number;
  /** Killed by the hang detector. */
  hung: boolean;
}

/** Standard output beyond this is counted, not kept: a runaway reporter must not take the test down with it. */
const MAX_KEPT = 256 * 1024 * 1024; // the JSON of 80,000 documents' findings is ~120 MB: keep it whole to parse it

export function runBounded(
  args: readonly string[],
  options: { input?: Buffer; cpuSeconds?: number; maxOldSpaceMb?: number; cwd?: string } = {},
): Promise<BoundedRun> {
  ensureBuilt();
  const cpuBudget = options.cpuSeconds ?? CLI_LIMITS.cpuSeconds;
  const hangMs = Math.max(120_000, cpuBudget * 1000 * HANG_FACTOR);
  usageDir ??= mkdtempSync(join(tmpdir(), 'mdbkit-cli-usage-'));
  const usageFile = join(usageDir, `${process.pid}-${process.hrtime.bigint()}.json`);
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_OPTIONS: `--max-old-space-size=${options.maxOldSpaceMb ?? CLI_LIMITS.maxOldSpaceMb}`,
    MDBKIT_RESOURCE_USAGE_FILE: usageFile,
  };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', USAGE_PRELOAD, BIN, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let kept = 0;
    let hung = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (kept < MAX_KEPT) out.push(chunk);
      kept += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, hangMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let cpuSeconds: number | undefined;
      if (existsSync(usageFile)) {
        const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userCPUTime: number; systemCPUTime: number };
        cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
        rmSync(usageFile, { force: true });
      }
      resolve({
        args,
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
        ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
        cpuBudget,
        hung,
      });
    });
    // The child may stop reading (it failed early): that is its answer, not an error of the test.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Why a run did not end well, or undefined when it did. */
export function badEnding(run: BoundedRun): string | undefined {
  const firstLines = (text: string) => text.split('\n').slice(0, 6).join('\n');
  if (run.hung) return `still running after ${Math.round(run.ms / 1000)} s of wall time (killed as hung; its CPU budget is ${run.cpuBudget} s)`;
  if (run.cpuSeconds !== undefined && run.cpuSeconds > run.cpuBudget)
    return `used ${run.cpuSeconds.toFixed(1)} s of CPU time, over its budget of ${run.cpuBudget} s`;
  if (/FATAL ERROR|heap out of memory|Reached heap limit/.test(run.stderr))
    return `ran out of memory under --max-old-space-size=${CLI_LIMITS.maxOldSpaceMb} after ${Math.round(run.ms)} ms (exit ${run.status ?? run.signal})`;
  if (run.signal) return `ended by ${run.signal}`;
  if (run.status !== 0 && run.status !== 1 && run.status !== 2) return `exit code ${run.status}: ${firstLines(run.stderr)}`;
  if (/^ {4}at |\n\s+at .+:\d+:\d+\)?\s*$/m.test(run.stderr)) return `printed a stack trace:\n${firstLines(run.stderr)}`;
  if (run.status === 2 && !/^mdbkit: \S/m.test(run.stderr)) return `exit 2 without an "mdbkit: ..." message: ${firstLines(run.stderr)}`;
  return undefined;
}

export interface LintJson {
  findings: Array<{ file: string; severity: string; rule: string; message: string }>;
  summary: { files: number; documents: number; errors: number; warnings: number };
}

/** `lint --output json` output, or a reason it is not what the format promises. */
export function lintJson(run: BoundedRun): LintJson | string {
  if (run.status === 2) return 'exit 2';
  try {
    const json = JSON.parse(run.stdout) as LintJson;
    if (!Array.isArray(json.findings) || typeof json.summary !== 'object') return 'JSON without findings and summary';
    return json;
  } catch {
    return `standard output is not JSON: ${run.stdout.slice(0, 200)}`;
  }
}

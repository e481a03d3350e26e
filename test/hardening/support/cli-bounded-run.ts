// The real `mdbkit` binary run with a deadline and a heap limit, as a CI job with a memory quota would run it,
// and the one question every hardening run asks of it: did it end well (a finding, a clean exit, or exit 2 with
// an `mdbkit: ...` line), or badly (killed, out of memory, a stack trace, an exit code it does not document)?
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../../kinds/project-paths.js';
import { BIN, ensureBuilt } from '../../cli/support/run-cli.js';

/** Per run: a deadline and a heap limit (MDBKIT_CLI_TIMEOUT_MS and MDBKIT_CLI_MAX_OLD_SPACE_MB override them). */
export const CLI_LIMITS = {
  timeoutMs: Number(process.env.MDBKIT_CLI_TIMEOUT_MS ?? 10_000),
  maxOldSpaceMb: Number(process.env.MDBKIT_CLI_MAX_OLD_SPACE_MB ?? 256),
};

export interface BoundedRun {
  args: readonly string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Standard output beyond this is counted, not kept: a runaway reporter must not take the test down with it. */
const MAX_KEPT = 256 * 1024 * 1024; // the JSON of 80,000 documents' findings is ~120 MB: keep it whole to parse it

export function runBounded(
  args: readonly string[],
  options: { input?: Buffer; timeoutMs?: number; maxOldSpaceMb?: number; cwd?: string } = {},
): Promise<BoundedRun> {
  ensureBuilt();
  const timeoutMs = options.timeoutMs ?? CLI_LIMITS.timeoutMs;
  const env: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: `--max-old-space-size=${options.maxOldSpaceMb ?? CLI_LIMITS.maxOldSpaceMb}` };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let kept = 0;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (kept < MAX_KEPT) out.push(chunk);
      kept += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({
        args,
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
        timedOut,
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
  if (run.timedOut) return `did not finish within ${CLI_LIMITS.timeoutMs / 1000} s (killed)`;
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

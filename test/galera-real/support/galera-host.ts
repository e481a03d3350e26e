// What the real-Galera tests need from the machine, and installing it where it is missing: Debian's
// mariadb-server (mariadbd, mariadb-install-db, the client), galera-4 (the provider), mariadb-backup and socat
// (the chart's default SST method), rsync (the other one), iproute2 and util-linux (a network and a mount
// namespace per pod, the way a kubelet gives each pod its own). Namespaces need root.
//
// Outside CI a machine that cannot have them skips the tier with the reason; in CI (`CI` or
// `MDBKIT_REQUIRE_GALERA` set, as .ci/run sets it) a missing part is a failure, so a broken install never passes
// as a skipped tier.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const PACKAGES = ['mariadb-server', 'galera-4', 'mariadb-backup', 'socat', 'rsync', 'iproute2'];
const COMMANDS = [
  'mariadbd',
  'mariadb',
  'mariadb-install-db',
  'mariadb-admin',
  'mariabackup',
  'socat',
  'rsync',
  'ip',
  'unshare',
  'nsenter',
  'setpriv',
  'flock',
];

function missingParts(): string[] {
  const missing = COMMANDS.filter((command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0);
  if (!existsSync(GALERA_PROVIDER)) missing.push(GALERA_PROVIDER);
  return missing;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

// Debian's packages start their service when installed; the tests want no server of the machine's own beside
// the pods' (policy-rc.d answering 101 is Debian's way to say "do not start services now").
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

function install(): string | undefined {
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) return 'apt-get is not on this machine';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8', env, timeout: 600_000 });
  if (update.status !== 0) return `apt-get update failed: ${update.stderr.trim().slice(-400)}`;
  const ownPolicy = !existsSync(POLICY_RC_D);
  if (ownPolicy) writeFileSync(POLICY_RC_D, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const run = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], { encoding: 'utf8', env, timeout: 900_000 });
    if (run.status !== 0) return `apt-get install ${PACKAGES.join(' ')} failed: ${run.stderr.trim().slice(-400)}`;
  } finally {
    if (ownPolicy) rmSync(POLICY_RC_D, { force: true });
  }
  return undefined;
}

let cached: string | undefined | null = null;

/**
 * Why this machine cannot run real Galera pods, or undefined when it can. Installs the packages the first
 * time it is asked, when they are missing and the process is root.
 */
export function galeraHostProblem(): string | undefined {
  if (cached !== null) return cached;
  cached = findProblem();
  return cached;
}

function findProblem(): string | undefined {
  if (process.platform !== 'linux') return `real Galera pods need Linux namespaces; this is ${process.platform}`;
  if (!isRoot()) return 'real Galera pods need root: a network and a mount namespace per pod (CI runs as root)';
  let missing = missingParts();
  if (missing.length > 0) {
    const failed = install();
    if (failed) return `${missing.join(', ')} missing, and installing ${PACKAGES.join(' ')} failed: ${failed}`;
    missing = missingParts();
    if (missing.length > 0) return `still missing after installing ${PACKAGES.join(' ')}: ${missing.join(', ')}`;
  }
  const probe = spawnSync('unshare', ['--net', '--mount', '--uts', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `this machine refuses new namespaces (unshare --net --mount --uts): ${probe.stderr.trim()}`;
  return undefined;
}

/** Skips the suite with the reason, or fails it in CI, where the tier must run. */
export function requireGaleraHost(suite: Mocha.Context): void {
  const problem = galeraHostProblem();
  if (problem === undefined) return;
  if (process.env.CI || process.env.MDBKIT_REQUIRE_GALERA) throw new Error(`the real-Galera tier cannot run in CI: ${problem}`);
  console.warn(`    skipped: ${problem}`);
  suite.skip();
}

// `npx tsx test/galera-real/support/galera-host.ts` (what .ci/run does before the tests): installs what is
// missing and says whether the tier can run; non-zero when it cannot.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = galeraHostProblem();
  if (problem === undefined) {
    console.log('real Galera tier: mariadbd, galera-4 and the namespace tools are here');
  } else {
    console.error(`real Galera tier: ${problem}`);
    process.exitCode = 1;
  }
}

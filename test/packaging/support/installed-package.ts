// The package as its users get it: `npm pack` of the built project, installed by the GitHub Action's own
// script (action/run-lint.sh) into a runner's temporary folder. Packed and installed once per test run and
// shared by the packaging, action and pre-commit tests, so a run costs one `npm install`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../kinds/project-paths.js';
import { ensureBuilt } from '../../cli/support/run-cli.js';

export const PACKAGING_FIXTURES = join(PROJECT_ROOT, 'test', 'packaging', 'fixtures');
export const ACTION_SCRIPT = join(PROJECT_ROOT, 'action', 'run-lint.sh');
/** Where run-lint.sh installs mdbkit below $RUNNER_TEMP. */
export const ACTION_PREFIX_NAME = 'mdbkit-action';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// The tarball and the install (some 30 MB) are removed when the test run ends.
const temporary: string[] = [];
process.once('exit', () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

export interface PackedProject {
  tarball: string;
  /** The paths inside the package, as `npm pack --json` lists them. */
  files: string[];
}

let packed: PackedProject | undefined;

/** `npm pack` of the project. prepack (the build) is skipped: the tests build dist/ first, once. */
export function packProject(): PackedProject {
  if (packed) return packed;
  ensureBuilt();
  const destination = mkdtempSync(join(tmpdir(), 'mdbkit-pack-'));
  temporary.push(destination);
  const run = spawnSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm pack failed (${run.status}):\n${run.stderr}`);
  const [report] = JSON.parse(run.stdout) as { filename: string; files: { path: string }[] }[];
  if (!report) throw new Error(`npm pack reported nothing:\n${run.stdout}`);
  packed = { tarball: join(destination, report.filename), files: report.files.map((f) => f.path) };
  return packed;
}

/**
 * Tests run without the registry: `npm ci` filled npm's cache with every locked tarball, but not with the
 * registry's package documents that `npm install <tarball>` would resolve versions from. So the install
 * folder gets a lockfile first, made from the project's own: mdbkit's production dependencies at their
 * locked versions, with the registry address npm would download each from (the cache holds them by
 * integrity). npm then resolves nothing and only unpacks, as it would for a user online.
 */
function seedLockfile(prefix: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { dependencies: { mdbkit: spec } },
    'node_modules/mdbkit': {
      version: manifest.version,
      resolved: spec,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true) continue;
    const name = typeof entry.name === 'string' ? entry.name : path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const resolved = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${String(entry.version)}.tgz`;
    packages[path] = { ...entry, resolved };
  }
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ private: true, dependencies: { mdbkit: spec } }, null, 2));
  writeFileSync(join(prefix, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, requires: true, packages }, null, 2));
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs action/run-lint.sh as the composite action's step does: GitHub's variables and the INPUT_* the step maps. */
export function runAction(runnerTemp: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): ActionRun {
  const env: Record<string, string | undefined> = {
    ...process.env,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTION_PATH: PROJECT_ROOT,
    GITHUB_ACTIONS: 'true',
    MDBKIT_PACKAGE: packProject().tarball,
    npm_config_offline: 'true',
    ...extraEnv,
  };
  delete env.FORCE_COLOR;
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  const run = spawnSync('bash', [ACTION_SCRIPT], { cwd: PACKAGING_FIXTURES, env, encoding: 'utf8', timeout: 240_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export interface InstalledPackage {
  runnerTemp: string;
  /** The `mdbkit` command of the installed package (node_modules/.bin/mdbkit). */
  bin: string;
  /** The action's first run, which installed the package. */
  firstRun: ActionRun;
}

let installed: InstalledPackage | undefined;

/** The packed project installed by the action's script, which also lints a valid manifest on the way. */
export function installPackage(): InstalledPackage {
  if (installed) return installed;
  const { tarball } = packProject();
  const runnerTemp = mkdtempSync(join(tmpdir(), 'mdbkit-runner-'));
  temporary.push(runnerTemp);
  seedLockfile(join(runnerTemp, ACTION_PREFIX_NAME), tarball);
  let firstRun = runAction(runnerTemp, { paths: 'deploy/db.yaml', format: 'text' });
  // A machine whose npm cache lacks one of the locked tarballs (its `npm ci` ran with another lockfile) may
  // still reach the registry: then let npm fetch what is missing, rather than fail on a cache miss.
  if (firstRun.status !== 0 && /ENOTCACHED/.test(firstRun.stderr)) {
    firstRun = runAction(runnerTemp, { paths: 'deploy/db.yaml', format: 'text' }, { npm_config_offline: 'false', npm_config_prefer_offline: 'true' });
  }
  installed = { runnerTemp, bin: join(runnerTemp, ACTION_PREFIX_NAME, 'node_modules', '.bin', 'mdbkit'), firstRun };
  return installed;
}

export function runInstalled(args: readonly string[], cwd: string = PACKAGING_FIXTURES): SpawnSyncReturns<string> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.FORCE_COLOR;
  const run = spawnSync(installPackage().bin, [...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw run.error;
  return run;
}

// `npm run package-charts [outDir] [-- --url <base>] [--merge <index.yaml>]`: every chart of charts/ packaged
// by helm into outDir (default dist/charts), and the chart repository's index.yaml (`helm repo index`) whose
// URLs start with --url (default the project's GitHub Pages). charts/README.md says how to publish them.
//
// Same input, same bytes, as far as helm allows: helm 4 stamps each file of an archive with the file's mtime
// (helm 3 with the time of packaging), so the charts are copied and stamped with SOURCE_DATE_EPOCH (or the
// time of the last commit) and packaged with the pinned helm 4.1; the .tgz files are then identical from run
// to run. index.yaml is not: helm writes the time of the run as `generated`, and as each entry's `created`,
// and neither helm 3.17 nor 4.1 reads SOURCE_DATE_EPOCH for them. Only those lines differ between runs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { isFetched, PINNED_HELMS, pinnedHelmPath } from './pinned-helm.js';

export const DEFAULT_OUT_DIR = 'dist/charts';
export const DEFAULT_REPO_URL = 'https://mdbkit.github.io/mdbkit/charts';
/** The helm that packages: the first whose archives carry the files' mtimes rather than the time of the run. */
export const PACKAGING_HELM_VERSION = 'v4.1.4';

/** A problem with the request (arguments, environment) rather than a bug: printed without a stack. */
export class PackageChartsError extends Error {}

export interface PackageChartsOptions {
  outDir: string;
  url: string;
  /** An index.yaml already published, whose entries the new index keeps (helm repo index --merge). */
  merge?: string;
  /** Seconds since 1970 stamped on every file of the archives. */
  epoch: number;
  /** Where the charts are (each folder with a Chart.yaml); charts/ of the project by default. */
  chartsDir?: string;
}

export interface PackagedChart {
  name: string;
  version: string;
  /** The archive's path. */
  file: string;
  sha256: string;
}

function packagingHelm(): string {
  const pinned = PINNED_HELMS.find((p) => p.version === PACKAGING_HELM_VERSION);
  if (!pinned) throw new Error(`scripts/pinned-helm.ts pins no helm ${PACKAGING_HELM_VERSION}`);
  if (!isFetched(pinned)) throw new PackageChartsError(`helm ${PACKAGING_HELM_VERSION} is missing: run npx tsx scripts/fetch-helm.ts`);
  return pinnedHelmPath(pinned);
}

function runHelm(binary: string, args: string[], home: string): string {
  const run = spawnSync(binary, args, {
    cwd: home,
    encoding: 'utf8',
    timeout: 120_000,
    // Its own home: no repositories, plugins or registry logins of the machine take part.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    },
  });
  if (run.error) throw new PackageChartsError(`helm ${args.join(' ')}: ${run.error.message}`);
  if (run.status !== 0) throw new PackageChartsError(`helm ${args.join(' ')} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/** The time the archives' files carry: SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), else the last commit's. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.SOURCE_DATE_EPOCH;
  if (given !== undefined && given !== '') {
    if (!/^\d+$/.test(given)) throw new PackageChartsError(`SOURCE_DATE_EPOCH="${given}" is not a number of seconds since 1970`);
    return Number(given);
  }
  const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  const seconds = git.status === 0 ? git.stdout.trim() : '';
  if (!/^\d+$/.test(seconds)) throw new PackageChartsError('set SOURCE_DATE_EPOCH (seconds since 1970): there is no git commit to take the time from');
  return Number(seconds);
}

function stamp(path: string, epoch: number): void {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) stamp(child, epoch);
    utimesSync(child, epoch, epoch);
  }
  utimesSync(path, epoch, epoch);
}

export function packageCharts(options: PackageChartsOptions): PackagedChart[] {
  const { outDir, url, merge, epoch, chartsDir = join(PROJECT_ROOT, 'charts') } = options;
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new PackageChartsError(`--url "${url}" is not an http(s) URL such as ${DEFAULT_REPO_URL}`);
  if (merge !== undefined && !existsSync(merge))
    throw new PackageChartsError(`--merge ${merge}: no such file (the published index.yaml to keep the entries of)`);
  const helm = packagingHelm();
  const names = readdirSync(chartsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(chartsDir, e.name, 'Chart.yaml')))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new PackageChartsError(`${chartsDir} holds no chart (a folder with a Chart.yaml)`);
  const work = mkdtempSync(join(tmpdir(), 'mdbkit-package-charts-'));
  try {
    mkdirSync(outDir, { recursive: true });
    const packaged = names.map((name): PackagedChart => {
      const copy = join(work, 'charts', name);
      cpSync(join(chartsDir, name), copy, { recursive: true });
      stamp(copy, epoch);
      runHelm(helm, ['package', copy, '--destination', outDir], work);
      const { version } = parseYaml(readFileSync(join(copy, 'Chart.yaml'), 'utf8')) as { version: string };
      const file = join(outDir, `${name}-${version}.tgz`);
      if (!existsSync(file)) throw new PackageChartsError(`helm package wrote no ${file}`);
      return { name, version, file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
    });
    runHelm(helm, ['repo', 'index', outDir, '--url', url, ...(merge === undefined ? [] : ['--merge', merge])], work);
    return packaged;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(argv: string[]): number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { url: { type: 'string', default: DEFAULT_REPO_URL }, merge: { type: 'string' } },
    });
    if (positionals.length > 1) throw new PackageChartsError(`one output folder, not ${positionals.length}: ${positionals.join(' ')}`);
    const outDir = resolve(positionals[0] ?? DEFAULT_OUT_DIR);
    const packaged = packageCharts({
      outDir,
      url: values.url,
      merge: values.merge === undefined ? undefined : resolve(values.merge),
      epoch: sourceDateEpoch(),
    });
    for (const chart of packaged) console.log(`${chart.file} (${chart.name} ${chart.version}, sha256 ${chart.sha256})`);
    console.log(`${join(outDir, 'index.yaml')} (charts at ${values.url})`);
    return 0;
  } catch (error) {
    // parseArgs' own errors (an unknown option) are the user's too.
    if (error instanceof PackageChartsError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`package-charts: ${(error as Error).message}`);
      console.error('usage: npm run package-charts [outDir] [-- --url <base URL>] [--merge <published index.yaml>]');
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));

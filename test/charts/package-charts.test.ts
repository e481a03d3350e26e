// `npm run package-charts` as a release runs it: the script itself (through tsx) into temporary folders. A
// chart repository must list every chart at its Chart.yaml version with the digest of the very file it
// serves, and what it serves must install: a packaged chart renders, under helm 3.10 as well as the helm 4.1
// that packaged it. Two runs with the same SOURCE_DATE_EPOCH give the same archives byte for byte; index.yaml
// differs only in the times helm writes (generated, created), which helm does not let anyone set.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { DEFAULT_REPO_URL } from '../../scripts/package-charts.js';
import type { Obj } from '../support/chart-objects.js';
import { helm, helmVersions } from '../support/helm.js';

const CHARTS = ['galera', 'mariadb-cluster', 'mdbkit-crds', 'mdbkit-webhook'];
const URL = 'https://charts.example.com/mdbkit';
const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

function packageCharts(args: string[], env: Record<string, string> = {}) {
  return spawnSync(TSX, [join(PROJECT_ROOT, 'scripts', 'package-charts.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', ...env },
  });
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const chartVersion = (chart: string): string => (parseYaml(readFileSync(join(PROJECT_ROOT, 'charts', chart, 'Chart.yaml'), 'utf8')) as Obj).version;
/** index.yaml without the lines helm stamps with the time of the run. */
const withoutTimes = (index: string) => index.replace(/^\s*(generated|created): .*\n/gm, '');

describe('npm run package-charts', function () {
  let work: string;
  let first: string;
  let second: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'mdbkit-package-charts-test-'));
    first = join(work, 'first');
    second = join(work, 'second');
    for (const out of [first, second]) {
      const run = packageCharts([out, '--url', URL]);
      assert.equal(run.status, 0, `package-charts ${out}:\n${run.stdout}${run.stderr}`);
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('writes one archive per chart, named by its Chart.yaml version, and index.yaml', () => {
    assert.deepEqual(readdirSync(first).sort(), [...CHARTS.map((c) => `${c}-${chartVersion(c)}.tgz`), 'index.yaml'].sort());
  });

  it("lists each chart in index.yaml at its version, with the archive's sha256 and its URL below --url", () => {
    const index = parseYaml(readFileSync(join(first, 'index.yaml'), 'utf8')) as Obj;
    assert.equal(index.apiVersion, 'v1');
    assert.deepEqual(Object.keys(index.entries).sort(), CHARTS);
    for (const chart of CHARTS) {
      assert.equal(index.entries[chart].length, 1, chart);
      const [entry] = index.entries[chart];
      const file = `${chart}-${chartVersion(chart)}.tgz`;
      assert.equal(entry.version, chartVersion(chart));
      assert.equal(entry.digest, sha256(join(first, file)), `${chart}: the digest is the served file's`);
      assert.deepEqual(entry.urls, [`${URL}/${file}`]);
      assert.ok(entry.icon && entry.sources?.length, `${chart}: Chart.yaml's metadata reaches the index`);
    }
  });

  it('makes the same archives on every run; index.yaml differs only in the times helm stamps', () => {
    for (const file of readdirSync(first).filter((f) => f.endsWith('.tgz'))) assert.equal(sha256(join(second, file)), sha256(join(first, file)), file);
    assert.equal(withoutTimes(readFileSync(join(second, 'index.yaml'), 'utf8')), withoutTimes(readFileSync(join(first, 'index.yaml'), 'utf8')));
  });

  it('packages charts that every helm renders straight from the archive', () => {
    for (const version of helmVersions()) {
      for (const chart of CHARTS) {
        const run = helm(['template', 'db', join(first, `${chart}-${chartVersion(chart)}.tgz`), '--namespace', 'shop'], { version });
        assert.equal(run.status, 0, `helm ${version} template ${chart}:\n${run.stderr}`);
        assert.match(run.stdout, /^kind: /m);
      }
    }
  });

  it('defaults to the GitHub Pages URL of the repository', () => {
    const out = join(work, 'default-url');
    const run = packageCharts([out]);
    assert.equal(run.status, 0, run.stderr);
    const index = parseYaml(readFileSync(join(out, 'index.yaml'), 'utf8')) as Obj;
    assert.equal(DEFAULT_REPO_URL, 'https://mdbkit.github.io/mdbkit/charts');
    assert.deepEqual(index.entries.galera[0].urls, [`${DEFAULT_REPO_URL}/galera-${chartVersion('galera')}.tgz`]);
  });

  it('refuses a base URL that is not http(s), and a bad SOURCE_DATE_EPOCH, saying what to do, without a stack', () => {
    const badUrl = packageCharts([join(work, 'bad'), '--url', 'charts.example.com']);
    assert.equal(badUrl.status, 2);
    assert.match(badUrl.stderr, /--url "charts\.example\.com" is not an http\(s\) URL/);
    const badEpoch = packageCharts([join(work, 'bad')], { SOURCE_DATE_EPOCH: 'yesterday' });
    assert.equal(badEpoch.status, 2);
    assert.match(badEpoch.stderr, /SOURCE_DATE_EPOCH="yesterday" is not a number/);
    for (const run of [badUrl, badEpoch]) assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});

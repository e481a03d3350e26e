// What every committed Chart.yaml tells a chart repository and its users (Artifact Hub shows these): the
// Kubernetes versions it needs, an icon that the repository really holds, where its sources are, who keeps
// it; and that appVersion and the app.kubernetes.io/version labels name what the objects run.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import semver from 'semver';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import type { Obj } from '../support/chart-objects.js';
import { helm } from '../support/helm.js';

const CHARTS = ['galera', 'mariadb-cluster', 'mdbkit-crds', 'mdbkit-webhook'];
const VERSION_LABEL = 'app.kubernetes.io/version';
const packageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
const chartYaml = (chart: string): Obj => parseYaml(readFileSync(join(PROJECT_ROOT, 'charts', chart, 'Chart.yaml'), 'utf8')) as Obj;
const valuesYaml = (chart: string): Obj => parseYaml(readFileSync(join(PROJECT_ROOT, 'charts', chart, 'values.yaml'), 'utf8')) as Obj;

function render(chart: string, args: string[] = []): Obj[] {
  const run = helm(['template', 'db', join(PROJECT_ROOT, 'charts', chart), '--namespace', 'shop', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

/** Every label set of the objects, pod templates included: the ones a `kubectl get -l` sees. */
function labelSets(objects: Obj[]): Array<{ where: string; labels: Record<string, string> }> {
  return objects.flatMap((o) => [
    { where: `${o.kind} ${o.metadata.name}`, labels: o.metadata.labels ?? {} },
    ...(o.spec?.template?.metadata ? [{ where: `${o.kind} ${o.metadata.name} pods`, labels: o.spec.template.metadata.labels ?? {} }] : []),
  ]);
}

describe('Chart.yaml of every chart', () => {
  const repository = (packageJson.repository.url as string).replace(/^git\+/, '').replace(/\.git$/, '');

  it("reads the repository from package.json's repository.url", () => {
    assert.equal(repository, 'https://github.com/mdbkit/mdbkit');
  });

  for (const chart of CHARTS) {
    describe(chart, () => {
      it('names the Kubernetes versions it needs, an icon the repository holds, its sources and maintainers', () => {
        const meta = chartYaml(chart);
        assert.ok(semver.validRange(meta.kubeVersion), `kubeVersion ${meta.kubeVersion} is a range`);
        assert.ok(semver.satisfies('1.30.0', meta.kubeVersion) && !semver.satisfies('1.24.0', meta.kubeVersion), meta.kubeVersion);
        // The icon is served from the main branch of the repository: the file must be committed at that path.
        const iconPrefix = `${repository.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/main/`;
        assert.ok(meta.icon.startsWith(iconPrefix), meta.icon);
        const iconFile = join(PROJECT_ROOT, meta.icon.slice(iconPrefix.length));
        assert.ok(existsSync(iconFile), `${iconFile} exists`);
        assert.match(readFileSync(iconFile, 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox=/);
        assert.equal(meta.sources[0], repository);
        for (const source of meta.sources) assert.match(source, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
        assert.equal(new Set(meta.sources).size, meta.sources.length);
        assert.deepEqual(meta.maintainers, [{ name: 'mdbkit maintainers', url: repository }]);
      });
    });
  }

  it('the charts for the MariaDB operators name the operator they follow', () => {
    for (const chart of ['mariadb-cluster', 'mdbkit-crds', 'mdbkit-webhook']) {
      assert.ok(chartYaml(chart).sources.includes('https://github.com/mariadb-operator/mariadb-operator'), chart);
    }
  });
});

describe('appVersion and the version labels', () => {
  it('galera: the MariaDB image tag, on every object and pod, following image.tag', () => {
    const tag = valuesYaml('galera').image.tag as string;
    assert.equal(chartYaml('galera').appVersion, tag);
    assert.notEqual(tag, packageJson.version, "MariaDB's version, not mdbkit's");
    for (const [args, expected] of [[[], tag], [['--set', 'image.tag=11.8.2'], '11.8.2']] as const) {
      const sets = labelSets(render('galera', [...args]));
      assert.ok(sets.some((s) => s.where.startsWith('StatefulSet') && s.where.endsWith('pods')));
      for (const { where, labels } of sets) assert.equal(labels[VERSION_LABEL], expected, where);
    }
  });

  it("mariadb-cluster: none by default (the operator picks the image), else the tag of mariadb.spec.image", () => {
    assert.equal(chartYaml('mariadb-cluster').appVersion, undefined);
    for (const { where, labels } of labelSets(render('mariadb-cluster'))) assert.ok(!(VERSION_LABEL in labels), where);
    const cases = [
      ['docker-registry1.mariadb.com/library/mariadb:11.8.2', '11.8.2'],
      ['registry.example.com:5000/mariadb:11.4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '11.4'],
    ] as const;
    for (const [image, expected] of cases) {
      for (const { where, labels } of labelSets(render('mariadb-cluster', ['--set', `mariadb.spec.image=${image}`]))) assert.equal(labels[VERSION_LABEL], expected, `${where} (${image})`);
    }
    // A registry port is not a tag.
    for (const { where, labels } of labelSets(render('mariadb-cluster', ['--set', 'mariadb.spec.image=registry.example.com:5000/mariadb']))) {
      assert.ok(!(VERSION_LABEL in labels), where);
    }
  });

  it("mdbkit-webhook: mdbkit's version, or the image tag the values choose", () => {
    assert.equal(chartYaml('mdbkit-webhook').appVersion, packageJson.version);
    for (const [args, expected] of [[[], packageJson.version], [['--set', 'image.tag=0.2.0-rc.1'], '0.2.0-rc.1']] as const) {
      for (const { where, labels } of labelSets(render('mdbkit-webhook', [...args]))) assert.equal(labels[VERSION_LABEL], expected, where);
    }
  });

  it("mdbkit-crds: mdbkit's version (the CRDs of several operator releases, in mdbkit's rewrite)", () => {
    assert.equal(chartYaml('mdbkit-crds').appVersion, packageJson.version);
    for (const { where, labels } of labelSets(render('mdbkit-crds'))) assert.equal(labels[VERSION_LABEL], packageJson.version, where);
  });
});

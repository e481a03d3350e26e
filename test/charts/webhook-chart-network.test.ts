// charts/mdbkit-webhook's NetworkPolicy and ServiceMonitor as users meet them, through the real helm 3.10
// (template, lint --strict), offline: the admission port open to the API server (anywhere, or the CIDRs the
// values name), the metrics port closed unless a namespace selector opens it, egress open unless the API
// server's CIDRs narrow it, and a ServiceMonitor only when asked for. Wrong values fail on the schema.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { emitWebhookChart, WEBHOOK_CHART } from '../../generator/charts/webhook-chart.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { writeFiles } from '../../generator/write-files.js';
import { ofKind, only, RECOMMENDED_LABELS, type Obj } from '../support/chart-objects.js';
import { helm } from '../support/helm.js';

const RELEASE = 'mdbkit-webhook';
const NAMESPACE = 'mdbkit-system';
const ADMISSION_PORT = 8443;
const METRICS_PORT = 9090;
const MONITORING = { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } };

/** Each set of values the tests render, as a values file. */
const VALUE_SETS: Record<string, string> = {
  metricsSelector: ['networkPolicy:', '  metricsNamespaceSelector:', '    matchLabels:', '      kubernetes.io/metadata.name: monitoring'].join('\n'),
  apiServerCidrs: ['networkPolicy:', '  apiServerCidrs: ["10.0.0.10/32", "fd00:10::/64"]'].join('\n'),
  egressCidrs: ['networkPolicy:', '  apiServerEgressCidrs: ["10.0.0.0/24"]'].join('\n'),
  disabled: ['networkPolicy:', '  enabled: false'].join('\n'),
  serviceMonitor: ['serviceMonitor:', '  enabled: true', '  interval: 1m', '  labels:', '    release: prometheus'].join('\n'),
};

let work: string;
let chartDir: string;
const valuesPath = (name: string): string => join(work, `${name}-values.yaml`);

function template(args: string[]): Obj[] {
  const run = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, ...args]);
  assert.equal(run.status, 0, `helm template ${args.join(' ')} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

function rejected(args: string[]): string {
  const run = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, ...args]);
  assert.notEqual(run.status, 0, `helm accepted ${args.join(' ')}`);
  return run.stderr;
}

/** The ingress rules that open a port, by number. */
const rulesFor = (policy: Obj, port: number): Obj[] => (policy.spec.ingress as Obj[]).filter((rule) => (rule.ports as Obj[]).some((p) => p.port === port));

describe('charts/mdbkit-webhook: NetworkPolicy and ServiceMonitor', function () {
  this.timeout(300_000);

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'mdbkit-webhook-network-'));
    writeFiles(work, emitWebhookChart(loadSchemas()));
    chartDir = join(work, WEBHOOK_CHART);
    for (const [name, text] of Object.entries(VALUE_SETS)) writeFileSync(valuesPath(name), `${text}\n`);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('with the default values', () => {
    let objects: Obj[];
    let policy: Obj;
    before(() => {
      objects = template([]);
      policy = only(objects, 'NetworkPolicy');
    });

    it('selects the webhook pods, with the chart labels, for ingress and egress', () => {
      assert.equal(policy.metadata.namespace, NAMESPACE);
      for (const label of RECOMMENDED_LABELS) assert.ok(policy.metadata.labels?.[label], `NetworkPolicy lacks ${label}`);
      assert.deepEqual(policy.spec.podSelector.matchLabels, only(objects, 'Deployment').spec.selector.matchLabels);
      assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    });

    it('opens the admission port, the one the Service targets, to any source, and the metrics port to none', () => {
      const service = only(objects, 'Service');
      const https = (service.spec.ports as Obj[]).find((p) => p.name === 'https')!;
      assert.equal(https.targetPort, ADMISSION_PORT);
      assert.deepEqual(policy.spec.ingress, [{ ports: [{ port: ADMISSION_PORT, protocol: 'TCP' }] }]);
      assert.deepEqual(rulesFor(policy, METRICS_PORT), []);
    });

    it('allows all egress, since the API server addresses are not known', () => {
      assert.deepEqual(policy.spec.egress, [{}]);
    });

    it('renders no ServiceMonitor', () => {
      assert.deepEqual(ofKind(objects, 'ServiceMonitor'), []);
    });
  });

  it('opens the metrics port to the namespaces networkPolicy.metricsNamespaceSelector selects, at metrics.port', () => {
    const policy = only(template(['-f', valuesPath('metricsSelector')]), 'NetworkPolicy');
    assert.deepEqual(rulesFor(policy, METRICS_PORT), [{ ports: [{ port: METRICS_PORT, protocol: 'TCP' }], from: [{ namespaceSelector: MONITORING }] }]);
    // The admission port stays open to any source.
    assert.deepEqual(rulesFor(policy, ADMISSION_PORT), [{ ports: [{ port: ADMISSION_PORT, protocol: 'TCP' }] }]);
    const moved = only(template(['-f', valuesPath('metricsSelector'), '--set', 'metrics.port=9191']), 'NetworkPolicy');
    assert.deepEqual(rulesFor(moved, METRICS_PORT), []);
    assert.deepEqual(rulesFor(moved, 9191)[0]!.from, [{ namespaceSelector: MONITORING }]);
  });

  it('lets only networkPolicy.apiServerCidrs call the admission port (ipBlocks)', () => {
    const policy = only(template(['-f', valuesPath('apiServerCidrs')]), 'NetworkPolicy');
    assert.deepEqual(rulesFor(policy, ADMISSION_PORT), [
      { ports: [{ port: ADMISSION_PORT, protocol: 'TCP' }], from: [{ ipBlock: { cidr: '10.0.0.10/32' } }, { ipBlock: { cidr: 'fd00:10::/64' } }] },
    ]);
    assert.deepEqual(rulesFor(policy, METRICS_PORT), []);
  });

  it('narrows egress to DNS and networkPolicy.apiServerEgressCidrs', () => {
    const policy = only(template(['-f', valuesPath('egressCidrs')]), 'NetworkPolicy');
    assert.deepEqual(policy.spec.egress, [
      { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/24' } }] },
    ]);
  });

  it('renders no NetworkPolicy with networkPolicy.enabled=false, nor in url mode (no pods)', () => {
    const objects = template(['-f', valuesPath('disabled')]);
    assert.equal(ofKind(objects, 'NetworkPolicy').length, 0);
    assert.equal(ofKind(objects, 'Deployment').length, 1, 'the webhook itself is still rendered');
    const url = template(['-f', join(chartDir, 'ci', 'url-values.yaml'), '-f', valuesPath('serviceMonitor')]);
    assert.deepEqual(ofKind(url, 'NetworkPolicy'), []);
    assert.deepEqual(ofKind(url, 'ServiceMonitor'), []);
  });

  it('renders a ServiceMonitor with serviceMonitor.enabled, scraping the Service port named metrics at /metrics', () => {
    const objects = template(['-f', valuesPath('serviceMonitor')]);
    const monitor = only(objects, 'ServiceMonitor');
    assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(monitor.metadata.namespace, NAMESPACE);
    assert.equal(monitor.metadata.labels.release, 'prometheus');
    for (const label of RECOMMENDED_LABELS) assert.ok(monitor.metadata.labels[label], `ServiceMonitor lacks ${label}`);
    assert.deepEqual(monitor.spec.endpoints, [{ port: 'metrics', path: '/metrics', scheme: 'http', interval: '1m' }]);
    assert.deepEqual(monitor.spec.namespaceSelector, { matchNames: [NAMESPACE] });
    // It selects the chart's Service: every label it asks for is on the Service.
    const service = only(objects, 'Service');
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels as Record<string, string>)) assert.equal(service.metadata.labels[key], value, key);
  });

  describe('helm lint --strict', () => {
    for (const name of [undefined, ...Object.keys(VALUE_SETS)]) {
      it(`passes with ${name ?? 'the default values'}`, () => {
        const run = helm(['lint', '--strict', chartDir, '--namespace', NAMESPACE, ...(name ? ['-f', valuesPath(name)] : [])]);
        assert.equal(run.status, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
        assert.doesNotMatch(run.stdout, /\[(WARNING|ERROR)\]/);
      });
    }
  });

  it('refuses bad values with their path (values.schema.json)', () => {
    assert.match(rejected(['--set', 'networkPolicy.apiServerCidrs=x']), /- networkPolicy\.apiServerCidrs: Invalid type\. Expected: array, given: string/);
    assert.match(rejected(['--set', 'networkPolicy.apiServerCidrs={10.0.0.10}']), /- networkPolicy\.apiServerCidrs\.0: Does not match pattern/);
    assert.match(rejected(['--set', 'networkPolicy.apiServerEgressCidrs={10.0.0.300/32}']), /- networkPolicy\.apiServerEgressCidrs\.0: Does not match pattern/);
    assert.match(rejected(['--set', 'networkPolicy.metricsNamespaceSelector.matchLabel.team=ops']), /- networkPolicy\.metricsNamespaceSelector: Additional property matchLabel is not allowed/);
    assert.match(rejected(['--set', 'networkPolicy.enabled=yes']), /- networkPolicy\.enabled: Invalid type\. Expected: boolean, given: string/);
    assert.match(rejected(['--set', 'serviceMonitor.interval=5 minutes']), /- serviceMonitor\.interval: Does not match pattern/);
    assert.match(rejected(['--set', 'metrics.port=70000']), /- metrics\.port: Must be less than or equal to 65535/);
  });
});

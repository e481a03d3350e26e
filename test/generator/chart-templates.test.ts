// The one mechanism behind the chart templates (generator/charts/chart-templates.ts): Helm's actions pass
// through a template untouched while handlebars fills in the emitter's data and the partials, and a template
// that asks for data or a partial that is not there fails, naming its file, rather than rendering as nothing.
// Each case writes its own small templates folder, so what is checked is the mechanism, not the charts.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { templatesIn, type ChartMetadata, type ChartTemplates, type TemplateFrame } from '../../generator/charts/chart-templates.js';
import { GENERATED_HEADER } from '../../generator/output-file.js';

const FRAME: TemplateFrame = { chart: 'demo', ciTitles: {} };

const DEMO_CHART: ChartMetadata = {
  name: 'demo',
  description: 'A chart of the tests.',
  version: '1.2.3',
  appVersion: '1.2.3',
  kubeVersion: null,
  keywords: ['demo'],
  home: 'https://example.com',
  upstreamSources: [],
  apiGroups: null,
  madeFrom: null,
};

/** Helm text with every form these charts use, and no handlebars at all. */
const HELM_ONLY = `{{- /* a Go comment */ -}}
{{/*
A comment over lines, before a define.
*/}}
{{- define "demo.labels" -}}
app.kubernetes.io/name: {{ include "demo.name" . }}
{{- end -}}
{{- range $group := .Values.groups }}
{{- if has $group (list "a.example.com") }}
name: {{ .Values.x }}-{{ $group }}
secret: kubectl get secret x -o jsonpath='{.data.{{ .Values.key }}}'
{{- end }}
{{- end }}
`;

describe('chart templates (handlebars around Helm)', () => {
  let dir: string;

  /** A templates folder of these files, and its templates. */
  function folder(files: Record<string, string>): ChartTemplates {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return templatesIn(dir);
  }

  function fails(render: () => unknown, ...patterns: RegExp[]): void {
    assert.throws(render, (error: Error) => {
      for (const pattern of patterns) assert.match(error.message, pattern);
      return true;
    });
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-chart-templates-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves a template of Helm's text alone, byte for byte", () => {
    const templates = folder({ 'demo/helm.yaml.hbs': HELM_ONLY });
    assert.equal(templates.render('demo/helm.yaml.hbs', {}, FRAME), HELM_ONLY);
  });

  it("fills in the data and the partials around Helm's actions, which pass through", () => {
    const templates = folder({
      '_partials/metadata.hbs': 'metadata:\n  name: {{name}}\n  labels:\n    {{- include "{{@chart}}.labels" . | nindent 4 }}\n',
      'demo/service.yaml.hbs': [
        "{{!-- for the template's reader only --}}",
        "{{/* Helm's comment stays */}}",
        'kind: Service',
        "{{> metadata name='{{ $fullname }}-peers'}}",
        'spec:',
        '  ports:',
        '{{#each ports}}',
        '    - port: {{this}}',
        '{{/each}}',
        '  type: {{ .Values.service.type }}',
        '  selector:',
        '    {{- include "{{@chart}}.selectorLabels" . | nindent 4 }}',
        '',
      ].join('\n'),
    });
    assert.equal(
      templates.render('demo/service.yaml.hbs', { ports: [3306, 4444] }, FRAME),
      [
        "{{/* Helm's comment stays */}}",
        'kind: Service',
        'metadata:',
        '  name: {{ $fullname }}-peers',
        '  labels:',
        '    {{- include "demo.labels" . | nindent 4 }}',
        'spec:',
        '  ports:',
        '    - port: 3306',
        '    - port: 4444',
        '  type: {{ .Values.service.type }}',
        '  selector:',
        '    {{- include "demo.selectorLabels" . | nindent 4 }}',
        '',
      ].join('\n'),
    );
  });

  it('indents a partial to the column it stands at', () => {
    const templates = folder({
      '_partials/labels.hbs': 'labels:\n  {{- include "{{@chart}}.labels" . | nindent 4 }}\n',
      'demo/pod.yaml.hbs': 'metadata:\n  name: x\n  {{> labels}}\nspec: {}\n',
    });
    assert.equal(
      templates.render('demo/pod.yaml.hbs', {}, FRAME),
      'metadata:\n  name: x\n  labels:\n    {{- include "demo.labels" . | nindent 4 }}\nspec: {}\n',
    );
  });

  it('fails on a data field the emitter does not give, naming the template and the line', () => {
    const templates = folder({ 'demo/values.yaml.hbs': '# values\nreplicas: {{replcas}}\n' });
    fails(() => templates.render('demo/values.yaml.hbs', { replicas: 3 }, FRAME), /demo\/values\.yaml\.hbs: /, /"replcas" not defined/, / 2:\d+/);
  });

  it('fails on a list or a helper argument the data lacks, rather than rendering nothing', () => {
    const templates = folder({
      'demo/rules.yaml.hbs': 'rules:\n{{#each rulez}}\n  - {{this}}\n{{/each}}\n',
      'demo/groups.yaml.hbs': 'groups: {{flow gruops}}\n',
    });
    fails(() => templates.render('demo/rules.yaml.hbs', { rules: ['a'] }, FRAME), /demo\/rules\.yaml\.hbs: each at line 2: argument 1 is missing/);
    fails(() => templates.render('demo/groups.yaml.hbs', { groups: ['a'] }, FRAME), /demo\/groups\.yaml\.hbs: flow at line 1: argument 1 is missing/);
  });

  it('fails on a partial that does not exist, naming the template', () => {
    const templates = folder({ '_partials/metadata.hbs': 'metadata: {}\n', 'demo/pdb.yaml.hbs': 'kind: PodDisruptionBudget\n{{> metdata}}\n' });
    fails(() => templates.render('demo/pdb.yaml.hbs', {}, FRAME), /demo\/pdb\.yaml\.hbs: /, /The partial metdata could not be found/);
  });

  it('names the partial and the template that used it when the partial lacks its data', () => {
    const templates = folder({
      '_partials/metadata.hbs': 'metadata:\n  name: {{name}}\n',
      'demo/pdb.yaml.hbs': 'kind: PodDisruptionBudget\n{{> metadata nmae="x"}}\n',
    });
    fails(() => templates.render('demo/pdb.yaml.hbs', {}, FRAME), /demo\/pdb\.yaml\.hbs: .*_partials\/metadata\.hbs: "name" not defined/);
  });

  it("refuses Helm's actions written without a space, and a hand-written escape, with the file and line", () => {
    const unspaced = folder({ 'demo/a.yaml.hbs': 'a: 1\nb: {{.Values.b}}\n' });
    fails(() => unspaced.render('demo/a.yaml.hbs', {}, FRAME), /demo\/a\.yaml\.hbs:2: "\{\{\." is neither Helm's action/);
    const escaped = folder({ 'demo/b.yaml.hbs': 'b: \\{{ .Values.b }}\n' });
    fails(() => escaped.render('demo/b.yaml.hbs', {}, FRAME), /demo\/b\.yaml\.hbs:1: a backslash before \{\{/);
  });

  it('renders a chart folder in path order: .hbs files without the suffix, other files as they are, data files, ci titles in the README', () => {
    const plain = '#!/bin/sh\n# not a template: {{ kept }}\n';
    const templates = folder({
      'demo/values.yaml.hbs': '# {{@generated}}\nreplicas: {{replicas}}\n',
      'demo/files/run.sh': plain,
      'demo/ci/small-values.yaml.hbs': '# {{@generated}}\n# One replica, for a laptop.\nreplicas: 1\n',
      'demo/README.md.hbs': '# {{chart.name}} {{chart.version}}\n\n| [`ci/small-values.yaml`] | {{ciTitle "small-values.yaml"}} |\n',
    });
    const files = templates.renderChart(DEMO_CHART, { replicas: 3 }, { dataFiles: { 'values.schema.json': '{}\n' } });
    assert.deepEqual(
      files.map((f) => [f.path, f.contents]),
      [
        ['charts/demo/README.md', '# demo 1.2.3\n\n| [`ci/small-values.yaml`] | One replica, for a laptop. |\n'],
        ['charts/demo/ci/small-values.yaml', `# ${GENERATED_HEADER}\n# One replica, for a laptop.\nreplicas: 1\n`],
        ['charts/demo/files/run.sh', plain],
        ['charts/demo/values.schema.json', '{}\n'],
        ['charts/demo/values.yaml', `# ${GENERATED_HEADER}\nreplicas: 3\n`],
      ],
    );
  });

  it('renders a per-item template once per item, to the paths the emitter gives', () => {
    const templates = folder({ 'demo/templates/crd.yaml.hbs': 'plural: {{plural}}\nreplicas: {{replicas}}\n' });
    const files = templates.renderChart(
      DEMO_CHART,
      { replicas: 3 },
      {
        items: {
          'templates/crd.yaml.hbs': [
            { path: 'templates/a.yaml', data: { plural: 'as' } },
            { path: 'templates/b.yaml', data: { plural: 'bs' } },
          ],
        },
      },
    );
    assert.deepEqual(
      files.map((f) => [f.path, f.contents]),
      [
        ['charts/demo/templates/a.yaml', 'plural: as\nreplicas: 3\n'],
        ['charts/demo/templates/b.yaml', 'plural: bs\nreplicas: 3\n'],
      ],
    );
  });
});

// The charts are template files below generator/charts/templates/ (one folder per chart, laid out as the
// chart is; shared partials in _partials/), rendered by handlebars with the data each emitter computes from
// the schemas. This is the one module that reads them, and the one place their two template languages meet.
//
// Helm's Go templates and handlebars both write {{ }}. The rule that tells them apart is the character right
// after the braces:
//   - a space, a dash or a comment (`{{ .Values.x }}`, `{{- include "x" . }}`, `{{/* why */}}`): Helm's. It
//     reaches the chart untouched. Every Helm action in these charts is written so; `{{.Values.x}}`, `{{$x}}`
//     and the like are refused, since they would look like neither.
//   - a name or a sign (`{{plural}}`, `{{#each rules}}`, `{{/each}}`, `{{> metadata}}`, `{{!-- note --}}`):
//     handlebars'. It is replaced by the data, or the partial, before Helm ever sees the file.
// escapeHelmActions() applies the rule in one pass: it puts handlebars' own escape, a backslash, before each
// Helm opening, so that handlebars copies Helm's action as text; inside a handlebars tag (a partial's
// argument, say) nothing is touched. So a template file reads as the Helm text it produces, and never holds a
// backslash before {{ itself (refused too: it would be read twice). Line numbers in errors are the file's.
// Handlebars' own layout rules do the rest: a block tag ({{#if}}, {{/each}}) or a partial alone on its line
// takes that line with it, and a partial is indented to the column it stands at (`  {{> metadata-labels}}`).
//
// Handlebars runs with strict (a data field or partial that is missing is an error naming the template, not
// an empty string), noEscape (the output is YAML and Markdown, not HTML) and explicitPartialContext (a partial
// sees the arguments it is given, plus @chart, @generated and @root, not whatever the caller happens to hold).
// The template files are read when a chart is first rendered, not when this module is loaded: the webhook's
// image, which never generates, holds dist/ but not generator/charts/templates/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { PROJECT_ROOT, projectRepositoryUrl } from '../../kinds/project-paths.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../output-file.js';
import { registerTemplateHelpers } from './template-helpers.js';

/** Beside the sources, not in dist/ (tsc copies no .hbs): found from the project root either way. */
export const CHART_TEMPLATES_DIR = join(PROJECT_ROOT, 'generator', 'charts', 'templates');
const PARTIALS_DIR = '_partials';
const TEMPLATE_SUFFIX = '.hbs';
const COMPILE_OPTIONS: CompileOptions = { strict: true, noEscape: true, explicitPartialContext: true };

/** The icon every Chart.yaml names: docs/images/mdbkit-icon.svg as the repository's main branch serves it. */
export const CHART_ICON_FILE = 'docs/images/mdbkit-icon.svg';

/** What Chart.yaml says besides the chart's own metadata: icon, sources and maintainers, from package.json. */
export function chartYamlData(chart: ChartMetadata): ChartMetadata & { icon: string; repository: string; sources: string[] } {
  const repository = projectRepositoryUrl();
  // Helm wants a URL for the icon; GitHub's raw host serves the committed file (https://github.com/<owner>/<name>).
  const icon = `${repository.replace(/^https:\/\/github\.com\//, 'https://raw.githubusercontent.com/')}/main/${CHART_ICON_FILE}`;
  return { ...chart, icon, repository, sources: [repository, ...chart.upstreamSources.filter((s) => s !== repository)] };
}

/** The repositories of the operators whose CRDs the kinds were imported from, sorted. */
export function upstreamRepositories(set: Pick<SchemaSet, 'kinds'>): string[] {
  return [...new Set(set.kinds.flatMap((k) => (k.source ? [k.source.repository] : [])))].sort();
}

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

/** What every template may read as @-data, besides @root. */
export interface TemplateFrame {
  /** The chart's name, which prefixes its Helm helpers ("galera.fullname"). */
  chart: string;
  /** Each ci/ file's title (its comment line under the header), by file name, for the README's examples. */
  ciTitles: Record<string, string>;
}

/** What Chart.yaml says: one shared template renders it for every chart. */
export interface ChartMetadata {
  name: string;
  description: string;
  version: string;
  /**
   * The version of what the chart runs (Chart.yaml appVersion, and the pods' app.kubernetes.io/version unless
   * values change it), or null when the chart cannot know it (the operator picks the image).
   */
  appVersion: string | null;
  /** The oldest Kubernetes the chart's objects work on, or null for any. */
  kubeVersion: string | null;
  keywords: string[];
  home: string;
  /** Upstream projects the chart follows (Chart.yaml sources, after mdbkit's own repository). */
  upstreamSources: string[];
  /** The API groups the chart serves (an annotation), or null when that means nothing for the chart. */
  apiGroups: string[] | null;
  /** Where Chart.yaml says it was made from, or null for the usual "made by mdbkit generate". */
  madeFrom: string | null;
}

export interface ChartRenderOptions {
  /** Templates rendered once per item (the CRD of each kind) rather than once to their own name. */
  items?: Readonly<Record<string, readonly TemplateItem[]>>;
  /** Files of the chart that are data, not text (values.schema.json), by their path in the chart. */
  dataFiles?: Readonly<Record<string, string>>;
}

/** One rendering of a per-item template. */
export interface TemplateItem {
  /** The output path in the chart. */
  path: string;
  /** Added to the chart's data for this item. */
  data: Record<string, unknown>;
}

export interface ChartTemplates {
  /** One template file (a path below the templates folder), as text. */
  render(file: string, data: object, frame: TemplateFrame): string;
  /**
   * Every file of the chart's folder, as the chart's files below charts/<name>, sorted: `.hbs` files rendered
   * (the suffix dropped), others copied as they are, and the data files. The chart's metadata is in the data
   * as `chart`.
   */
  renderChart(chart: ChartMetadata, data: Record<string, unknown>, options?: ChartRenderOptions): OutputFile[];
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Where a handlebars tag that opens at `open` ends; quoted arguments may hold Helm's braces. */
function tagEnd(source: string, open: number, file: string): number {
  const unclosed = () => new Error(`${file}:${lineOf(source, open)}: a handlebars tag that does not close`);
  if (source.startsWith('{{!', open)) {
    const close = source.startsWith('{{!--', open) ? '--}}' : '}}';
    const end = source.indexOf(close, open + 3);
    if (end < 0) throw unclosed();
    return end + close.length;
  }
  for (let at = open + 2; at < source.length; at += 1) {
    const char = source[at]!;
    if (char === '"' || char === "'") {
      const quote = source.indexOf(char, at + 1);
      if (quote < 0) throw unclosed();
      at = quote;
    } else if (source.startsWith('}}', at)) {
      return at + 2;
    }
  }
  throw unclosed();
}

/** The template's source as handlebars must read it: each Helm opening escaped, see the top of this file. */
function escapeHelmActions(source: string, file: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = source.indexOf('{{', at);
    if (open < 0) return out + source.slice(at);
    out += source.slice(at, open);
    const next = source.slice(open + 2, open + 4);
    const where = `${file}:${lineOf(source, open)}`;
    if (source[open - 1] === '\\') throw new Error(`${where}: a backslash before {{; Helm's actions are written as they are, this module escapes them`);
    if (/^(\s|-|\/\*)/.test(next)) {
      out += '\\{{';
      at = open + 2;
    } else if (/^[A-Za-z_@>#/!^~]/.test(next)) {
      const end = tagEnd(source, open, file);
      out += source.slice(open, end);
      at = end;
    } else {
      throw new Error(`${where}: "{{${next.slice(0, 1)}" is neither Helm's action ({{ , {{- or {{/*) nor a handlebars tag ({{name}}, {{#if}}, {{> partial}})`);
    }
  }
}

function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesBelow(join(dir, entry.name)).map((f) => `${entry.name}/${f}`) : [entry.name]))
    .sort();
}

/** The comment line under a ci file's header: what the example shows. */
function ciTitle(contents: string): string | undefined {
  const line = contents.split('\n')[1];
  return line?.startsWith('# ') ? line.slice(2) : undefined;
}

export function templatesIn(dir: string): ChartTemplates {
  let env: typeof Handlebars | undefined;
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const shown = (file: string) => relative(PROJECT_ROOT, join(dir, file)).split(sep).join('/');

  /** A template function whose errors (its own, or a partial's inside it) name its file. */
  const compile = (file: string): Handlebars.TemplateDelegate => {
    let template = compiled.get(file);
    if (!template) {
      const name = shown(file);
      const delegate = environment().compile(escapeHelmActions(readFileSync(join(dir, file), 'utf8'), name), COMPILE_OPTIONS);
      template = (context, options) => {
        try {
          // A partial given no arguments gets no context at all under explicitPartialContext: make it empty.
          return delegate(context ?? {}, options);
        } catch (error) {
          throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
        }
      };
      compiled.set(file, template);
    }
    return template;
  };

  const environment = (): typeof Handlebars => {
    if (!env) {
      env = Handlebars.create();
      registerTemplateHelpers(env);
      for (const file of filesBelow(join(dir, PARTIALS_DIR)).filter((f) => f.endsWith(TEMPLATE_SUFFIX))) {
        env.registerPartial(file.slice(0, -TEMPLATE_SUFFIX.length), compile(`${PARTIALS_DIR}/${file}`));
      }
    }
    return env;
  };

  const render = (file: string, data: object, frame: TemplateFrame): string => compile(file)(data, { data: { ...frame, generated: GENERATED_HEADER } });

  return {
    render,
    renderChart(chart, data, { items = {}, dataFiles = {} } = {}) {
      const folder = chart.name;
      const files = filesBelow(join(dir, folder));
      if (files.length === 0) throw new Error(`${shown(folder)}: no template files for chart ${chart.name}`);
      for (const template of Object.keys(items)) {
        if (!files.includes(template)) throw new Error(`${shown(`${folder}/${template}`)}: no such template`);
      }
      const context = { ...data, chart: chartYamlData(chart) };
      const frame: TemplateFrame = { chart: chart.name, ciTitles: {} };
      const output = (file: string, target: string, extra: Record<string, unknown> = {}): OutputFile => ({
        path: `charts/${chart.name}/${target}`,
        contents: file.endsWith(TEMPLATE_SUFFIX) ? render(`${folder}/${file}`, { ...context, ...extra }, frame) : readFileSync(join(dir, folder, file), 'utf8'),
      });
      const target = (file: string) => (file.endsWith(TEMPLATE_SUFFIX) ? file.slice(0, -TEMPLATE_SUFFIX.length) : file);
      // ci/ first: the README's table of examples quotes each one's title.
      const ci = files.filter((f) => f.startsWith('ci/')).map((f) => output(f, target(f)));
      for (const file of ci) {
        const title = ciTitle(file.contents);
        if (title) frame.ciTitles[file.path.slice(file.path.lastIndexOf('/') + 1)] = title;
      }
      const rest = files
        .filter((f) => !f.startsWith('ci/'))
        .flatMap((f) => (items[f] ? items[f].map((item) => output(f, item.path, item.data)) : [output(f, target(f))]));
      const asData = Object.entries(dataFiles).map(([path, contents]) => ({ path: `charts/${chart.name}/${path}`, contents }));
      return [...ci, ...rest, ...asData].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

let projectTemplates: ChartTemplates | undefined;

/** The project's chart templates, read on first use. */
export function chartTemplates(): ChartTemplates {
  projectTemplates ??= templatesIn(CHART_TEMPLATES_DIR);
  return projectTemplates;
}

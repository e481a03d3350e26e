// The functions chart templates may call: ways to write the emitters' data (YAML, JSON, lists as Markdown or
// as YAML flow sequences). Anything that decides what a chart holds is data an emitter computes, not a helper.
// Handlebars' strict mode checks `{{field}}` but not the arguments of a helper or of #each/#with, so here a
// missing argument is an error too: a misspelled field never renders as nothing.
import type Handlebars from 'handlebars';
import { yamlText } from '../yaml-output.js';

type HelperOptions = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } } };

function at(options: HelperOptions): string {
  return options.loc ? `line ${options.loc.start.line}` : 'a template';
}

function list(value: unknown, name: string, options: HelperOptions): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${name} at ${at(options)} takes a list, not ${JSON.stringify(value)}`);
  return value;
}

function indented(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}

type Helper = (this: unknown, ...args: unknown[]) => unknown;

const HELPERS: Record<string, Helper> = {
  /** A JSON (so also Go and YAML) string or value: `"enterprise.mariadb.com"`. */
  json: (value) => JSON.stringify(value),
  /** Data as YAML, without the final newline; `indent=4` puts it under a key at that depth. */
  yaml(value, options) {
    const indent = Number((options as HelperOptions).hash.indent ?? 0);
    return indented(yamlText(value).replace(/\n$/, ''), indent);
  },
  join: (value, separator, options) => list(value, 'join', options as HelperOptions).join(String(separator)),
  /** Markdown: `a`, `b` (or another separator: {{codes groups " and "}}). */
  codes(value, ...rest) {
    const options = rest.at(-1) as HelperOptions;
    const separator = rest.length > 1 ? String(rest[0]) : ', ';
    return list(value, 'codes', options).map((item) => `\`${String(item)}\``).join(separator);
  },
  /** A YAML flow sequence of strings: ["a", "b"]. */
  flow: (value, options) => `[${list(value, 'flow', options as HelperOptions).map((item) => JSON.stringify(item)).join(', ')}]`,
  /** The value, or the fallback when the data has none (a partial's optional argument): never strict. */
  default: (value, fallback) => value ?? fallback,
  /** The title line of ci/<file>, for the README's table of examples. */
  ciTitle(file, options) {
    const data = (options as HelperOptions).data as { ciTitles?: Record<string, string> } | undefined;
    const title = data?.ciTitles?.[String(file)];
    if (!title) throw new Error(`ciTitle at ${at(options as HelperOptions)}: the chart has no ci/${String(file)} with a title line under its header`);
    return title;
  },
};

/** A helper that refuses an argument the data lacks, saying where. */
function strict(name: string, helper: Helper): Helper {
  return function (this: unknown, ...args: unknown[]) {
    const options = args.at(-1) as HelperOptions;
    const missing = args.slice(0, -1).findIndex((arg) => arg === undefined);
    if (missing >= 0) throw new Error(`${name} at ${at(options)}: argument ${missing + 1} is missing from the data`);
    return helper.apply(this, args);
  };
}

export function registerTemplateHelpers(env: typeof Handlebars): void {
  // #if and #unless stay as handlebars has them: telling whether a value is there is their point.
  for (const name of ['each', 'with']) env.registerHelper(name, strict(name, env.helpers[name] as Helper) as Handlebars.HelperDelegate);
  for (const [name, helper] of Object.entries(HELPERS)) {
    env.registerHelper(name, (name === 'default' ? helper : strict(name, helper)) as Handlebars.HelperDelegate);
  }
}

// The values table of a chart README, made from values.schema.json (types, descriptions, operator
// defaults) and values.yaml (the chart's defaults), so the documentation cannot drift from what Helm
// checks. It lists the chart's own keys and each resource spec's fields one level down (two for the
// fields named in `expand`), not the whole tree: the CRD reference has the rest.
import { isSchemaObject, type JSONSchema } from '../../kinds/json-schema.js';
import { resolveLocal } from './schema-at-path.js';

export interface ValuesTableOptions {
  /** Keys (`mariadb.spec.galera`) whose own fields get rows too. */
  expand: readonly string[];
  /** A key with this name is a resource spec: its fields are listed one level down. */
  specKey: string;
}

/** One table cell: one line, pipes escaped, and <name> placeholders shown rather than read as HTML. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').trim();
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

/** A short human name of what a schema accepts: `integer or string`, `list of object`, `map of string`. */
export function typeName(root: JSONSchema, raw: JSONSchema): string {
  const node = resolveLocal(root, raw);
  const alternatives = node.anyOf ?? node.oneOf;
  if (Array.isArray(alternatives)) return [...new Set(alternatives.map((alt) => typeName(root, alt)))].join(' or ');
  const type = Array.isArray(node.type) ? node.type.join(' or ') : node.type;
  if (type === 'array') return isSchemaObject(node.items) ? `list of ${typeName(root, node.items)}` : 'list';
  if (type === 'object' && !node.properties && isSchemaObject(node.additionalProperties)) return `map of ${typeName(root, node.additionalProperties)}`;
  if (typeof type === 'string') return type;
  if (node.const !== undefined) return typeof node.const;
  if (Array.isArray(node.enum)) return [...new Set(node.enum.map((v) => typeof v))].join(' or ');
  return 'any';
}

function describe(node: JSONSchema, required: boolean): string {
  const parts = [required ? 'Required.' : '', node.description ?? ''];
  if (Array.isArray(node.enum)) parts.push(`One of ${node.enum.map(code).join(', ')}.`);
  if (node.default !== undefined) parts.push(`Operator default: ${code(node.default)}.`);
  return cell(parts.join(' '));
}

function valueAt(values: unknown, path: readonly string[]): unknown {
  let current = values;
  for (const segment of path) {
    if (segment === '[]' || !isSchemaObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

interface Row {
  key: string;
  type: string;
  chartDefault: string;
  description: string;
}

type Mode = 'chart' | 'field' | 'leaf';

export function valuesTable(schema: JSONSchema, values: unknown, options: ValuesTableOptions): string {
  const rows: Row[] = [];
  const visit = (raw: JSONSchema, path: string[], key: string, mode: Mode, required = false) => {
    const node = resolveLocal(schema, raw);
    const chartValue = valueAt(values, path);
    // A chart key's schema default is the chart's own (values.yaml); a spec field's is what the operator applies.
    const { default: _chartDefault, ...withoutDefault } = node;
    if (path.length > 0) {
      rows.push({
        key,
        type: typeName(schema, node),
        // An object's default shows in the rows of its fields.
        chartDefault: chartValue === undefined || (isSchemaObject(chartValue) && Object.keys(chartValue).length > 0) ? '' : code(chartValue),
        // Keys values.yaml already sets are "required" only so that nobody nulls them: not worth saying.
        description: describe(mode === 'chart' ? withoutDefault : node, required && chartValue === undefined),
      });
    }
    const children = (childMode: Mode) => {
      if (node.properties) {
        for (const [name, child] of Object.entries(node.properties)) {
          visit(child, [...path, name], key ? `${key}.${name}` : name, childMode, node.required?.includes(name));
        }
      } else if (isSchemaObject(node.items)) {
        const items = resolveLocal(schema, node.items);
        for (const [name, child] of Object.entries(items.properties ?? {})) {
          visit(child, [...path, '[]', name], `${key}[].${name}`, childMode, items.required?.includes(name));
        }
      }
    };
    if (mode === 'chart') children(path.at(-1) === options.specKey ? 'field' : 'chart');
    else if (mode === 'field' && options.expand.includes(key) && node.properties) children('leaf');
  };
  visit(schema, [], '', 'chart');
  return [
    '| key | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.key}\` | ${cell(r.type)} | ${r.chartDefault} | ${r.description} |`),
  ].join('\n');
}

/**
 * The values table of a chart whose values are its own settings rather than resource specs (the webhook's,
 * galera's): every key down to every inline object; a Kubernetes type (resources, tolerations, affinity) is
 * one row, as its own documentation describes it.
 */
export function chartKeysTable(schema: JSONSchema, values: Record<string, unknown>): string {
  const rows: string[] = [];
  const visit = (node: JSONSchema, key: string, value: unknown) => {
    if (node.properties && node.$ref === undefined) {
      for (const [name, child] of Object.entries(node.properties)) {
        visit(child, key ? `${key}.${name}` : name, isSchemaObject(value) ? value[name] : undefined);
      }
      return;
    }
    const resolved = resolveLocal(schema, node);
    const parts = [node.description ?? resolved.description ?? ''];
    if (Array.isArray(resolved.enum)) parts.push(`One of ${resolved.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}.`);
    const chartDefault = value === undefined ? '' : `\`${JSON.stringify(value)}\``;
    rows.push(`| \`${key}\` | ${cell(typeName(schema, node))} | ${chartDefault} | ${cell(parts.join(' '))} |`);
  };
  const { global: _global, ...properties } = schema.properties ?? {};
  visit({ properties }, '', values);
  return ['| key | type | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

// Helm 3 checks values against values.schema.json with gojsonschema (Go regexps, i.e. RE2) on install,
// upgrade, lint and template. A schema it cannot compile does not reject one bad value: it makes every
// helm command of the chart fail ("pattern must be a valid regex"). So the values schema is reduced to
// plain draft-07 and checked here, where a problem names its JSON pointer instead of breaking users.
// https://helm.sh/docs/topics/charts/#schema-files, https://github.com/google/re2/wiki/Syntax
import { isSchemaObject, mapSchema, type JSONSchema } from '../../kinds/json-schema.js';

/** The draft-07 vocabulary (https://json-schema.org/draft-07/json-schema-validation). */
const DRAFT_07_KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$comment', 'title', 'description', 'default', 'readOnly', 'writeOnly', 'examples',
  'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'additionalItems', 'items', 'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxProperties', 'minProperties',
  'required', 'additionalProperties', 'definitions', 'properties', 'patternProperties', 'dependencies', 'propertyNames',
  'const', 'enum', 'type', 'format', 'contentMediaType', 'contentEncoding', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not',
]);

const JSON_TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);

/**
 * Extension keywords (x-kubernetes-*, x-mdbkit-*, nullable) mean nothing to Helm: dropping them keeps the
 * file about what Helm checks. int-or-string fields keep their anyOf, so no check is lost.
 */
export function keepDraft07Keywords(schema: JSONSchema): JSONSchema {
  return mapSchema(schema, (node) => Object.fromEntries(Object.entries(node).filter(([key]) => DRAFT_07_KEYWORDS.has(key))));
}

/**
 * Why a JavaScript pattern (what ajv and the schemas speak) would not compile as a Go 1.18 regexp (Helm
 * 3.10's), or undefined. It looks for the constructs JavaScript has and RE2 lacks; syntax errors in both
 * are left to ajv, which compiles every pattern first.
 */
export function re2Problem(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next)) return `backreference \\${next}`;
      if (next === 'k') return 'named backreference \\k<...>';
      if (next === 'u') return '\\u escape (RE2 writes \\x{...})';
      if (next === 'c') return `control escape \\c`;
      if (inClass && next === 'b') return '\\b inside a character class';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      // JavaScript reads [] as "nothing" and [^] as "anything"; RE2 reads a leading ] as a literal.
      if (pattern.startsWith('[]', i) || pattern.startsWith('[^]', i)) return 'empty character class [] or [^]';
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('=') || rest.startsWith('!')) return 'lookahead (?= or (?!';
      if (rest.startsWith('<=') || rest.startsWith('<!')) return 'lookbehind (?<= or (?<!';
      if (rest.startsWith('<')) return 'named group (?<name>...): Go 1.18 (Helm 3.10) only knows (?P<name>...)';
      if (rest.startsWith('>')) return 'atomic group (?>';
    }
  }
  return undefined;
}

function pointerPart(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

const MAP_KEYWORDS = ['properties', 'definitions', 'patternProperties'];
const ONE_KEYWORDS = ['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const LIST_KEYWORDS = ['anyOf', 'oneOf', 'allOf', 'items'];

function walk(node: JSONSchema, pointer: string, visit: (node: JSONSchema, pointer: string) => void): void {
  visit(node, pointer);
  for (const keyword of MAP_KEYWORDS) {
    const map = node[keyword];
    if (!isSchemaObject(map)) continue;
    for (const [name, sub] of Object.entries(map)) {
      if (isSchemaObject(sub)) walk(sub, `${pointer}/${keyword}/${pointerPart(name)}`, visit);
    }
  }
  for (const keyword of ONE_KEYWORDS) {
    const sub = node[keyword];
    if (isSchemaObject(sub)) walk(sub, `${pointer}/${keyword}`, visit);
  }
  for (const keyword of LIST_KEYWORDS) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    list.forEach((sub, index) => {
      if (isSchemaObject(sub)) walk(sub, `${pointer}/${keyword}/${index}`, visit);
    });
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isSchemaObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every reason gojsonschema would refuse to load `schema`, each with its JSON pointer. */
export function helmSchemaProblems(schema: JSONSchema): string[] {
  const problems: string[] = [];
  const definitions = isSchemaObject(schema.definitions) ? schema.definitions : {};
  walk(schema, '#', (node, at) => {
    const problem = (message: string) => problems.push(`${at}: ${message}`);
    for (const key of Object.keys(node)) {
      if (!DRAFT_07_KEYWORDS.has(key)) problem(`"${key}" is not a draft-07 keyword`);
    }
    if (typeof node.pattern === 'string') {
      const why = re2Problem(node.pattern);
      if (why) problem(`pattern ${JSON.stringify(node.pattern)} is not RE2: ${why}`);
    } else if (node.pattern !== undefined) problem('pattern must be a string');
    if (isSchemaObject(node.patternProperties)) {
      for (const key of Object.keys(node.patternProperties)) {
        const why = re2Problem(key);
        if (why) problem(`patternProperties key ${JSON.stringify(key)} is not RE2: ${why}`);
      }
    }
    if (node.$ref !== undefined) {
      const match = typeof node.$ref === 'string' ? /^#\/definitions\/([^/]+)$/.exec(node.$ref) : null;
      if (!match?.[1]) problem(`$ref ${JSON.stringify(node.$ref)} is not a local #/definitions/<name>`);
      else if (!(match[1] in definitions)) problem(`$ref ${node.$ref} points at no definition`);
    }
    if (node.$id !== undefined && at !== '#') problem('$id below the root would change how Helm resolves $ref');
    if (node.required !== undefined) {
      const required = node.required;
      if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) problem('required must be a list of strings');
      else if (new Set(required).size !== required.length) problem('required lists a name twice (gojsonschema refuses that)');
    }
    if (node.enum !== undefined) {
      if (!Array.isArray(node.enum) || node.enum.length === 0) problem('enum must be a non-empty list');
      else if (new Set(node.enum.map(stableJson)).size !== node.enum.length) problem('enum lists a value twice (gojsonschema refuses that)');
    }
    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      if (types.some((t) => typeof t !== 'string' || !JSON_TYPES.has(t))) problem(`type ${JSON.stringify(node.type)} is not a JSON type`);
      else if (new Set(types).size !== types.length) problem('type lists a type twice');
    }
    for (const key of ['exclusiveMinimum', 'exclusiveMaximum', 'minimum', 'maximum', 'multipleOf']) {
      if (node[key] !== undefined && typeof node[key] !== 'number') problem(`${key} must be a number in draft-07`);
    }
    for (const key of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties']) {
      const value = node[key];
      if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) problem(`${key} must be a non-negative integer`);
    }
  });
  return problems;
}

export function assertHelmSafe(schema: JSONSchema, file: string): void {
  const problems = helmSchemaProblems(schema);
  if (problems.length > 0) throw new Error(`${file} would make Helm fail:\n  ${problems.join('\n  ')}`);
}

// Generated and mutated AdmissionReviews for the webhook fuzz. A case is a small recipe (which captured request,
// which mutations) drawn with fast-check, and rendered to bytes only when it is sent: the 1 MiB strings, long
// arrays and 10,000-level nestings are written straight into the JSON text, and `__proto__`, `constructor` and
// `prototype` become real own keys of the text the server parses (an object literal would set a prototype instead).
import fc from 'fast-check';
import type { AdmissionFixture } from '../../support/fixtures.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value too big or too odd to build as data: its JSON text is written in at the end. */
export type Bulk =
  | { bulk: 'string'; bytes: number; unit: string }
  | { bulk: 'array'; length: number }
  | { bulk: 'deep'; depth: number; shape: 'object' | 'array' | 'proto' | 'mixed' }
  /** JSON that JSON.stringify never writes: 1e999 (Infinity once parsed), 400-digit integers, -0. */
  | { bulk: 'raw'; text: string };

export type FuzzValue = { json: Json } | Bulk;

export type TreeOp =
  | { op: 'replace'; at: number; value: FuzzValue }
  | { op: 'delete'; at: number }
  | { op: 'addKey'; at: number; key: string; value: FuzzValue }
  /** The same own key added to every object of the review. */
  | { op: 'keyEverywhere'; key: string; value: Json }
  /** A field the decoder or the registry looks at: kinds, groups, operations, the uid. */
  | { op: 'field'; path: string[]; value: FuzzValue }
  | { op: 'root'; value: FuzzValue };

export type ByteOp =
  | { op: 'truncate'; at: number }
  | { op: 'splice'; at: number; remove: number; insert: string }
  | { op: 'bytes'; at: number; bytes: number[] }
  | { op: 'wrap'; prefix: string; suffix: string }
  /** A key written a second time, first or last in the root object (JSON.parse keeps the last). */
  | { op: 'duplicateKey'; where: 'first' | 'last'; key: string; value: Json };

export interface FuzzRecipe {
  fixture: number;
  route: string;
  contentType: string;
  tree: readonly TreeOp[];
  bytes: readonly ByteOp[];
}

export interface FuzzCase {
  path: string;
  contentType: string;
  body: Buffer;
}

const MIB = 1024 * 1024;
const MARK = '@@fuzz-bulk-';

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Values meant to pollute a prototype should anything merge them naively. */
const POLLUTERS: Json[] = [
  { polluted: 'yes' },
  { prototype: { polluted: 'yes' } },
  JSON.parse('{"__proto__":{"polluted":"yes"}}') as Json,
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as Json,
  { toString: 'not a function', valueOf: 1, hasOwnProperty: null },
];

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\u202e',
  '𝕏😀',
  'a'.repeat(10_000),
  '${jndi:ldap://127.0.0.1/x}',
  '%s%n%x',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'NaN',
  '1e309',
  'true',
  'null',
  '__proto__',
  'constructor',
  '0x10',
  '-1',
  '9'.repeat(400),
  '2s',
  '-2s',
  '1Gi',
  '1GB',
];

const ODD_NUMBERS = [0, -0, -1, 1.5, 0.1, 65535, 65536, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE];

/** Strings the decoder and the registry compare against: kinds, groups, versions, operations, subresources. */
const VOCABULARY = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'CONNECT',
  'PATCH',
  'GET',
  'create',
  'Create',
  '',
  'Pod',
  'Secret',
  'MaxScale',
  'MariaDB',
  'Connection',
  'Backup',
  'Scale',
  'maxscales',
  'mariadbs',
  'connections',
  'scale',
  'status',
  'proxy',
  'enterprise.mariadb.com',
  'k8s.mariadb.com',
  'mariadb.example.com',
  'v1',
  'v1alpha1',
  'v1beta1',
  'admission.k8s.io/v1',
  'admission.k8s.io/v1beta1',
  'enterprise.mariadb.com/v1alpha1',
  'k8s.mariadb.com/v1alpha1',
  'AdmissionReview',
  'autoscaling/v1',
];

const FIELDS: string[][] = [
  ['apiVersion'],
  ['kind'],
  ['request', 'uid'],
  ['request', 'operation'],
  ['request', 'kind', 'kind'],
  ['request', 'kind', 'group'],
  ['request', 'kind', 'version'],
  ['request', 'resource', 'resource'],
  ['request', 'resource', 'group'],
  ['request', 'resource', 'version'],
  ['request', 'subResource'],
  ['request', 'name'],
  ['request', 'namespace'],
  ['request', 'dryRun'],
  ['request', 'object', 'kind'],
  ['request', 'object', 'apiVersion'],
  ['request', 'object', 'metadata', 'name'],
  ['request', 'object', 'metadata', 'namespace'],
  ['request', 'object', 'spec'],
  ['request', 'object', 'spec', 'replicas'],
  ['request', 'object', 'spec', 'mariaDbRef'],
  ['request', 'oldObject', 'kind'],
  ['request', 'oldObject', 'spec'],
];

const smallJson: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...ODD_NUMBERS),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom<Json>([], {}, [null], [[]], [{}], { '': '' }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom(...POLLUTERS),
);

const bulk: fc.Arbitrary<Bulk> = fc.oneof(
  fc.record({
    bulk: fc.constant('string' as const),
    bytes: fc.constantFrom(64 * 1024, MIB, 3 * MIB),
    unit: fc.constantFrom('x', 'é', '😀', '\u0000', '"', '\\'),
  }),
  fc.record({ bulk: fc.constant('array' as const), length: fc.constantFrom(1_000, 100_000, 400_000) }),
  fc.record({
    bulk: fc.constant('deep' as const),
    depth: fc.constantFrom(100, 1_000, 2_500, 10_000, 100_000),
    shape: fc.constantFrom('object' as const, 'array' as const, 'proto' as const, 'mixed' as const),
  }),
  fc.record({
    bulk: fc.constant('raw' as const),
    text: fc.constantFrom('1e999', '-1e999', `1${'0'.repeat(400)}`, '-0', '0.000000000000000000000000001', '123456789012345678901234567890', '1E+2', '-0.0e-0'),
  }),
);

const value: fc.Arbitrary<FuzzValue> = fc.oneof({ arbitrary: smallJson.map((json) => ({ json })), weight: 60 }, { arbitrary: bulk, weight: 1 });

const treeOp: fc.Arbitrary<TreeOp> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value }), weight: 30 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }), weight: 12 },
  {
    arbitrary: fc.record({
      op: fc.constant('addKey' as const),
      at: fc.nat(),
      key: fc.oneof(
        fc.constantFrom(...PROTO_KEYS),
        fc.constantFrom('toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'length', '0'),
        fc.string({ maxLength: 12 }),
      ),
      value,
    }),
    weight: 16,
  },
  { arbitrary: fc.record({ op: fc.constant('keyEverywhere' as const), key: fc.constantFrom(...PROTO_KEYS), value: fc.constantFrom(...POLLUTERS) }), weight: 6 },
  {
    arbitrary: fc.record({
      op: fc.constant('field' as const),
      path: fc.constantFrom(...FIELDS),
      value: fc.oneof({ arbitrary: fc.constantFrom(...VOCABULARY).map((json) => ({ json })), weight: 3 }, { arbitrary: value, weight: 1 }),
    }),
    weight: 20,
  },
  { arbitrary: fc.record({ op: fc.constant('root' as const), value }), weight: 2 },
);

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }), weight: 10 },
  {
    arbitrary: fc.record({
      op: fc.constant('splice' as const),
      at: fc.nat(),
      remove: fc.nat({ max: 8 }),
      insert: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\\u', '\\ud800', '//', '/*', 'NaN', 'undefined')),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('bytes' as const),
      at: fc.nat(),
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('wrap' as const),
      prefix: fc.constantFrom('', '\ufeff', ' \n\t', '[', '{"a":', '\u0000'),
      suffix: fc.constantFrom('', ' ', '\n', ']', '}', ',', 'x', '\u0000', '{}'),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('duplicateKey' as const),
      where: fc.constantFrom('first' as const, 'last' as const),
      key: fc.constantFrom('request', 'kind', 'apiVersion', '__proto__'),
      value: smallJson,
    }),
    weight: 3,
  },
);

const ROUTES = ['/mutate/', '/validate?timeout=../../x', '/MUTATE', '/mutate%00', '//validate', '/mutate?timeout=5s&timeout=1h', '/validate#x'];
const CONTENT_TYPES = [
  'text/plain',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  '',
  'application/json;;;',
  'APPLICATION/JSON',
  'application/json; charset="utf-8"',
];

/** How many captured requests there are decides nothing here: `fixture` is taken modulo their number. */
export const fuzzRecipe: fc.Arbitrary<FuzzRecipe> = fc.record({
  fixture: fc.nat(),
  route: fc.oneof(
    { arbitrary: fc.constant('own'), weight: 90 },
    { arbitrary: fc.constant('other'), weight: 5 },
    { arbitrary: fc.constantFrom(...ROUTES), weight: 5 },
  ),
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 94 },
    { arbitrary: fc.constant('application/json; charset=utf-8'), weight: 3 },
    { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 3 },
  ),
  tree: fc.oneof({ arbitrary: fc.constant<TreeOp[]>([]), weight: 1 }, { arbitrary: fc.array(treeOp, { minLength: 1, maxLength: 3 }), weight: 9 }),
  bytes: fc.oneof({ arbitrary: fc.constant<ByteOp[]>([]), weight: 85 }, { arbitrary: fc.array(byteOp, { minLength: 1, maxLength: 2 }), weight: 15 }),
});

// ---------------------------------------------------------------------------------------------------------------
// Rendering

type Container = Json[] | { [key: string]: Json };
type Path = Array<string | number>;

const isContainer = (node: Json | undefined): node is Container => typeof node === 'object' && node !== null;
const isRecord = (node: Json | undefined): node is { [key: string]: Json } => isContainer(node) && !Array.isArray(node);

/** Own keys only: a `__proto__` key is data here, never the accessor on Object.prototype. */
function childOf(node: Json, key: string | number): Json | undefined {
  if (!isContainer(node)) return undefined;
  return Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string | number, Json>)[key] : undefined;
}

function setOwn(node: Container, key: string | number, value: Json): void {
  if (Array.isArray(node) && typeof key === 'number') node[key] = value;
  else Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function paths(root: Json, onlyObjects = false): Path[] {
  const out: Path[] = [];
  const walk = (node: Json, path: Path) => {
    if (!onlyObjects || isRecord(node)) out.push(path);
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (isRecord(node)) for (const key of Object.keys(node)) walk(node[key]!, [...path, key]);
  };
  walk(root, []);
  return out;
}

function parentOf(root: Json, path: Path): Container | undefined {
  let node: Json | undefined = root;
  for (const key of path.slice(0, -1)) node = childOf(node!, key);
  return isContainer(node) ? node : undefined;
}

function copy(json: Json): Json {
  return JSON.parse(JSON.stringify(json)) as Json;
}

function renderBulk(b: Bulk): string {
  switch (b.bulk) {
    case 'string':
      return JSON.stringify(b.unit.repeat(Math.max(1, Math.floor(b.bytes / Buffer.byteLength(b.unit)))));
    case 'array':
      return `[${Array.from({ length: b.length }, (_, i) => ['0', '"a"', 'null', '{}', '[]'][i % 5]).join(',')}]`;
    case 'deep':
      if (b.shape === 'array') return `${'['.repeat(b.depth)}${']'.repeat(b.depth)}`;
      if (b.shape === 'object') return `${'{"a":'.repeat(b.depth)}null${'}'.repeat(b.depth)}`;
      if (b.shape === 'proto') return `${'{"__proto__":'.repeat(b.depth)}{"polluted":"deep"}${'}'.repeat(b.depth)}`;
      return `${'[{"spec":'.repeat(b.depth / 2)}1${'}]'.repeat(b.depth / 2)}`;
    case 'raw':
      return b.text;
  }
}

/** The recipe as the bytes, path and Content-Type the server receives. */
export function renderCase(recipe: FuzzRecipe, fixtures: readonly AdmissionFixture[]): FuzzCase {
  const fixture = fixtures[recipe.fixture % fixtures.length]!;
  const bulks: Bulk[] = [];
  const place = (v: FuzzValue): Json => ('json' in v ? copy(v.json) : `${MARK}${bulks.push(v) - 1}@@`);
  let root: Json | undefined = copy(fixture.body as unknown as Json);

  for (const op of recipe.tree) {
    if (root === undefined) break;
    switch (op.op) {
      case 'root':
        root = place(op.value);
        break;
      case 'replace': {
        const all = paths(root);
        const path = all[op.at % all.length]!;
        if (path.length === 0) root = place(op.value);
        else setOwn(parentOf(root, path)!, path.at(-1)!, place(op.value));
        break;
      }
      case 'delete': {
        const all = paths(root);
        const path = all[op.at % all.length]!;
        if (path.length === 0) root = undefined;
        else {
          const parent = parentOf(root, path)!;
          if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1);
          else delete (parent as Record<string, Json>)[path.at(-1) as string];
        }
        break;
      }
      case 'addKey': {
        const objects = paths(root, true);
        if (objects.length === 0) break;
        const path = objects[op.at % objects.length]!;
        let target: Json | undefined = root;
        for (const key of path) target = childOf(target!, key);
        if (isRecord(target)) setOwn(target, op.key, place(op.value));
        break;
      }
      case 'keyEverywhere':
        // Deepest first: replacing a parent's key must not strand a path that is still to be visited.
        for (const path of paths(root, true).reverse()) {
          let target: Json | undefined = root;
          for (const key of path) target = target === undefined ? undefined : childOf(target, key);
          if (isRecord(target)) setOwn(target, op.key, copy(op.value));
        }
        break;
      case 'field': {
        if (!isRecord(root)) break;
        let node: Json = root;
        for (const key of op.path.slice(0, -1)) {
          let next = childOf(node, key);
          if (!isRecord(next)) {
            next = {};
            setOwn(node, key, next);
          }
          node = next;
        }
        setOwn(node, op.path.at(-1)!, place(op.value));
        break;
      }
    }
  }

  let text = root === undefined ? '' : JSON.stringify(root);
  if (bulks.length > 0) text = text.replace(/"@@fuzz-bulk-(\d+)@@"/g, (_, i: string) => renderBulk(bulks[Number(i)]!));
  let body: Buffer = Buffer.from(text, 'utf8');
  for (const op of recipe.bytes) body = applyByteOp(body, op);

  const own = fixture.path;
  const other = own.startsWith('/mutate') ? own.replace('/mutate', '/validate') : own.replace('/validate', '/mutate');
  const path = recipe.route === 'own' ? own : recipe.route === 'other' ? other : recipe.route;
  return { path, contentType: recipe.contentType, body };
}

function applyByteOp(body: Buffer, op: ByteOp): Buffer {
  const at = body.length === 0 ? 0 : ('at' in op ? op.at : 0) % (body.length + 1);
  switch (op.op) {
    case 'truncate':
      return body.subarray(0, at);
    case 'splice':
      return Buffer.concat([body.subarray(0, at), Buffer.from(op.insert, 'utf8'), body.subarray(Math.min(body.length, at + op.remove))]);
    case 'bytes':
      return Buffer.concat([body.subarray(0, at), Buffer.from(op.bytes), body.subarray(at)]);
    case 'wrap':
      return Buffer.concat([Buffer.from(op.prefix, 'utf8'), body, Buffer.from(op.suffix, 'utf8')]);
    case 'duplicateKey': {
      const member = Buffer.from(`${JSON.stringify(op.key)}:${JSON.stringify(op.value)}`, 'utf8');
      if (body[0] !== 0x7b) return body; // not an object: nothing to duplicate into
      if (op.where === 'first') return Buffer.concat([body.subarray(0, 1), member, Buffer.from(','), body.subarray(1)]);
      const end = body.lastIndexOf(0x7d);
      return end <= 0 ? body : Buffer.concat([body.subarray(0, end), Buffer.from(','), member, body.subarray(end)]);
    }
  }
}

/** A recipe as one line for a failure report (bulk values are described, not rendered). */
export function describeRecipe(recipe: FuzzRecipe, fixtures: readonly AdmissionFixture[]): string {
  return `${fixtures[recipe.fixture % fixtures.length]!.file} ${JSON.stringify({ ...recipe, fixture: undefined }, (key, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v))}`;
}

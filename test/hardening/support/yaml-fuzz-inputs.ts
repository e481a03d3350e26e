// Inputs for fuzzing `mdbkit lint` and `mdbkit default`: the seed manifests broken in small ways (truncated,
// re-indented, tokens and invalid UTF-8 bytes spliced in), alias bombs, duplicate keys, deep flow nesting, random
// bytes and YAML token soup, drawn with fast-check; and the ~10 MB documents of the heavy cases. Each case says
// whether it must end in an error finding (a bomb, a duplicate key) or may end any well-formed way.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Document, Pair, Scalar, isMap, parseDocument, visit, type YAMLMap } from 'yaml';
import { FIXTURES_DIR } from '../../support/fixtures.js';

export interface CliCase {
  /** What was generated, for a failure report. */
  kind: string;
  ext: 'yaml' | 'yml' | 'json';
  bytes: Buffer;
  /** `error`: the file must get at least one error finding; `any`: any outcome that ends well. */
  expect: 'error' | 'any';
}

const SEED_DIR = join(FIXTURES_DIR, 'examples', 'seed-000-maxscale');
export const SEED_MANIFESTS: readonly string[] = readdirSync(SEED_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(join(SEED_DIR, f), 'utf8'));

const TOKENS = [
  '&a ',
  '*a',
  '*nowhere',
  '!!binary ',
  '!!python/object:os.system ',
  '!<tag:yaml.org,2002:js/function> ',
  '!!set ',
  '!!omap ',
  '<<: *a\n',
  '? ',
  '{',
  '}',
  '[',
  ']',
  ',',
  ': ',
  '- ',
  '|',
  '>-',
  '|+9',
  '#',
  '"',
  "'",
  '\\',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  '---\n',
  '...\n',
  '\t',
  '\u0000',
  '\ufeff',
  '\u2028',
  '\r',
  'yes',
  'no',
  'on',
  '0o17',
  '0x1F',
  '.inf',
  '.nan',
  '~',
  '=',
  '2001-12-14t21:59:43.10-05:00',
  '1_000',
  '-.5',
  'key',
  'value',
  '\n',
  '  ',
  '    ',
  '@',
  '`',
];

/** Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, an encoded surrogate, an overlong NUL. */
const BAD_UTF8 = [[0xff], [0xfe, 0xff], [0x80], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x00]];

type TextOp =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'bytes'; at: number; bytes: number[] }
  | { op: 'cut'; at: number; length: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'crlf' }
  | { op: 'bom' };

const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })),
  }),
  fc.record({ op: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.constantFrom(...BAD_UTF8) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 5 }) }),
  fc.constant({ op: 'crlf' as const }),
  fc.constant({ op: 'bom' as const }),
);

function applyTextOp(bytes: Buffer, op: TextOp): Buffer {
  const at = 'at' in op ? op.at % (bytes.length + 1) : 0;
  const lineBounds = () => {
    const start = bytes.lastIndexOf(0x0a, Math.max(0, at - 1)) + 1;
    const newline = bytes.indexOf(0x0a, at);
    return { start, end: newline < 0 ? bytes.length : newline + 1 };
  };
  switch (op.op) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(op.text, 'utf8'), bytes.subarray(at)]);
    case 'bytes':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(op.bytes), bytes.subarray(at)]);
    case 'cut':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + op.length))]);
    case 'duplicateLine': {
      const { start, end } = lineBounds();
      return Buffer.concat([bytes.subarray(0, end), bytes.subarray(start, end), bytes.subarray(end)]);
    }
    case 'indent': {
      const { start } = lineBounds();
      if (op.by >= 0) return Buffer.concat([bytes.subarray(0, start), Buffer.from(' '.repeat(op.by)), bytes.subarray(start)]);
      let cut = start;
      while (cut < bytes.length && cut - start < -op.by && bytes[cut] === 0x20) cut++;
      return Buffer.concat([bytes.subarray(0, start), bytes.subarray(cut)]);
    }
    case 'crlf':
      return Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  }
}

const brokenManifest: fc.Arbitrary<CliCase> = fc
  .record({ base: fc.nat(), ops: fc.array(textOp, { minLength: 1, maxLength: 4 }), ext: fc.constantFrom('yaml' as const, 'yml' as const) })
  .map(({ base, ops, ext }) => {
    const bytes = ops.reduce(applyTextOp, Buffer.from(SEED_MANIFESTS[base % SEED_MANIFESTS.length]!, 'utf8'));
    return { kind: `seed ${base % SEED_MANIFESTS.length} + ${ops.map((o) => o.op).join(', ')}`, ext, bytes, expect: 'any' as const };
  });

/** `levels` anchors, each a collection of `width` aliases of the one before: width^levels nodes once expanded. */
export function aliasBomb(width: number, levels: number, style: 'flow' | 'block' | 'map', inManifest: boolean): string {
  const indent = inManifest ? '    ' : '';
  const lines = [
    `${indent}l0: &l0 ${style === 'map' ? `{${Array.from({ length: width }, (_, i) => `k${i}: lol`).join(', ')}}` : `[${Array(width).fill('lol').join(', ')}]`}`,
  ];
  for (let level = 1; level < levels; level++) {
    const alias = `*l${level - 1}`;
    if (style === 'flow') lines.push(`${indent}l${level}: &l${level} [${Array(width).fill(alias).join(', ')}]`);
    else if (style === 'map') lines.push(`${indent}l${level}: &l${level} {${Array.from({ length: width }, (_, i) => `k${i}: ${alias}`).join(', ')}}`);
    else lines.push(`${indent}l${level}: &l${level}\n${Array(width).fill(`${indent}  - ${alias}`).join('\n')}`);
  }
  const body = lines.join('\n');
  if (!inManifest) return `${body}\n`;
  return `apiVersion: enterprise.mariadb.com/v1alpha1\nkind: MaxScale\nmetadata:\n  name: bomb\nspec:\n  mariaDbRef:\n    name: mariadb-galera\n  config:\n${body}\n  services: *l${levels - 1}\n`;
}

const bomb: fc.Arbitrary<CliCase> = fc
  .record({
    width: fc.integer({ min: 2, max: 12 }),
    levels: fc.integer({ min: 2, max: 12 }),
    style: fc.constantFrom('flow' as const, 'block' as const, 'map' as const),
    inManifest: fc.boolean(),
  })
  .map(({ width, levels, style, inManifest }) => ({
    kind: `alias bomb ${width}^${levels} (${style}${inManifest ? ', in a MaxScale' : ''})`,
    ext: 'yaml' as const,
    bytes: Buffer.from(aliasBomb(width, levels, style, inManifest), 'utf8'),
    // The yaml package refuses far fewer expansions than this; smaller ones may pass.
    expect: width ** levels >= 2000 ? ('error' as const) : ('any' as const),
  }));

/** A seed manifest written back with one key of one of its mappings written twice. */
const duplicateKey: fc.Arbitrary<CliCase> = fc
  .record({ base: fc.nat(), map: fc.nat(), key: fc.nat(), style: fc.constantFrom('block' as const, 'flow' as const, 'json' as const) })
  .map(({ base, map, key, style }) => {
    const object = parseDocument(SEED_MANIFESTS[base % SEED_MANIFESTS.length]!).toJS() as unknown;
    if (style === 'json') {
      const text = JSON.stringify(object);
      return {
        kind: `duplicate key (json, seed ${base % SEED_MANIFESTS.length})`,
        ext: 'json' as const,
        bytes: Buffer.from(
          text.replace(/^\{("[^"]+":)/, (_, k: string) => `{${k}null,${k}`),
          'utf8',
        ),
        expect: 'error' as const,
      };
    }
    const doc = new Document(object);
    const maps: YAMLMap[] = [];
    visit(doc, { Map: (_, node) => void (isMap(node) && node.items.length > 0 && maps.push(node)) });
    const target = maps[map % maps.length]!;
    const original = target.items[key % target.items.length]!;
    target.items.push(new Pair(new Scalar((original.key as Scalar).value), new Scalar('duplicate')));
    if (style === 'flow') target.flow = true;
    return {
      kind: `duplicate key ${String((original.key as Scalar).value)} (${style}, seed ${base % SEED_MANIFESTS.length})`,
      ext: 'yaml' as const,
      bytes: Buffer.from(doc.toString(), 'utf8'),
      expect: 'error' as const,
    };
  });

const deepNesting: fc.Arbitrary<CliCase> = fc
  .record({
    depth: fc.constantFrom(50, 500, 1_000, 5_000, 20_000),
    shape: fc.constantFrom('seq' as const, 'map' as const, 'json' as const, 'block' as const, 'mixed' as const),
  })
  .map(({ depth, shape }) => {
    const d = shape === 'block' ? Math.min(depth, 1_000) : depth;
    const text =
      shape === 'seq'
        ? `${'['.repeat(d)}${']'.repeat(d)}\n`
        : shape === 'map'
          ? `${'{a: '.repeat(d)}1${'}'.repeat(d)}\n`
          : shape === 'json'
            ? `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`
            : shape === 'block'
              ? `${Array.from({ length: d }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`
              : `apiVersion: enterprise.mariadb.com/v1alpha1\nkind: MaxScale\nmetadata: {name: deep}\nspec:\n  mariaDbRef: {name: db}\n  config:\n    params: ${'[{x: '.repeat(d / 2)}1${'}]'.repeat(d / 2)}\n`;
    return {
      kind: `nested ${d} deep (${shape})`,
      ext: shape === 'json' ? ('json' as const) : ('yaml' as const),
      bytes: Buffer.from(text, 'utf8'),
      expect: 'any' as const,
    };
  });

const binary: fc.Arbitrary<CliCase> = fc.oneof(
  fc
    .uint8Array({ maxLength: 4096 })
    .map((bytes) => ({ kind: `${bytes.length} random bytes`, ext: 'yaml' as const, bytes: Buffer.from(bytes), expect: 'any' as const })),
  fc
    .record({
      count: fc.integer({ min: 1, max: 4096 }),
      prefix: fc.constantFrom('', 'a: ', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "', '- '),
    })
    .map(({ count, prefix }) => ({
      kind: `${count} NUL bytes after ${JSON.stringify(prefix.slice(0, 12))}`,
      ext: 'yaml' as const,
      bytes: Buffer.concat([Buffer.from(prefix), Buffer.alloc(count, 0)]),
      expect: 'any' as const,
    })),
);

const tokenSoup: fc.Arbitrary<CliCase> = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 300 })
  .map((tokens) => ({ kind: `${tokens.length} YAML tokens`, ext: 'yaml' as const, bytes: Buffer.from(tokens.join(''), 'utf8'), expect: 'any' as const }));

export const cliCase: fc.Arbitrary<CliCase> = fc.oneof(
  { arbitrary: brokenManifest, weight: 35 },
  { arbitrary: bomb, weight: 15 },
  { arbitrary: duplicateKey, weight: 15 },
  { arbitrary: deepNesting, weight: 10 },
  { arbitrary: binary, weight: 10 },
  { arbitrary: tokenSoup, weight: 15 },
);

// ---------------------------------------------------------------------------------------------------------------
// The heavy cases: about 10 MB each, one run apiece.

const MB = 10_000_000;
const MAXSCALE_HEAD = 'apiVersion: enterprise.mariadb.com/v1alpha1\nkind: MaxScale\nmetadata:\n  name: big\n';

export interface HeavyCase {
  name: string;
  make(): Buffer;
  expect: 'error' | 'any';
}

export const HEAVY_CASES: readonly HeavyCase[] = [
  { name: 'the billion laughs (9 anchors of 9 aliases)', expect: 'error', make: () => Buffer.from(aliasBomb(9, 9, 'flow', false)) },
  {
    name: 'a 1 MB anchor aliased 99 times',
    expect: 'any',
    make: () => Buffer.from(`a: &a "${'z'.repeat(1_000_000)}"\nb: [${Array(99).fill('*a').join(', ')}]\n`),
  },
  {
    name: 'a 10 MB block scalar in a MaxScale',
    expect: 'any',
    make: () => Buffer.from(`${MAXSCALE_HEAD}  annotations:\n    note: |\n${`      ${'y'.repeat(100)}\n`.repeat(MB / 107)}spec:\n  mariaDbRef: {name: db}\n`),
  },
  {
    name: 'a 10 MB double-quoted string with escapes',
    expect: 'any',
    make: () => Buffer.from(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'ab\\tc\\"d\\u00e9 '.repeat(MB / 16)}"\n`),
  },
  {
    name: 'a 10 MB mapping of 90,000 keys',
    expect: 'any',
    make: () =>
      Buffer.from(
        `${MAXSCALE_HEAD}  annotations:\n${Array.from({ length: 90_000 }, (_, i) => `    key-${i}: ${'v'.repeat(100)}\n`).join('')}spec:\n  mariaDbRef: {name: db}\n`,
      ),
  },
  {
    name: 'a 10 MB list of 200,000 servers in a MaxScale',
    expect: 'any',
    make: () =>
      Buffer.from(
        `${MAXSCALE_HEAD}spec:\n  servers:\n${Array.from({ length: 200_000 }, (_, i) => `    - {name: server-${i}, address: 10.0.${i % 250}.${i % 200}}\n`).join('')}`,
      ),
  },
  {
    name: '10 MB of 80,000 small documents',
    expect: 'any',
    make: () =>
      Buffer.from(
        Array.from(
          { length: 80_000 },
          (_, i) => `---\napiVersion: enterprise.mariadb.com/v1alpha1\nkind: Connection\nmetadata: {name: c${i}}\nspec: {mariaDbRef: {name: db}}\n`,
        ).join(''),
      ),
  },
  { name: '10 MB of random bytes (on standard input)', expect: 'any', make: () => randomBytes(MB) },
  { name: '10 MB of NUL bytes', expect: 'any', make: () => Buffer.alloc(MB, 0) },
  { name: 'flow sequences nested 100,000 deep', expect: 'any', make: () => Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}\n`) },
];

/** Deterministic pseudo-random bytes (xorshift), so a failing heavy case replays exactly. */
function randomBytes(length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

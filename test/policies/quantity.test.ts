// Kubernetes quantities as the API server reads them: the sizes users write in storage fields.
import { strict as assert } from 'node:assert';
import { compareQuantities, parseQuantity } from '../../policies/quantity.js';

/** A small seeded generator, so the property-style cases are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('quantity', () => {
  describe('parseQuantity', () => {
    const valid: Array<[unknown, number]> = [
      [0, 0],
      [1, 1],
      [3, 3],
      [1.5, 1.5],
      ['0', 0],
      ['1', 1],
      ['0.5', 0.5],
      ['.5', 0.5],
      ['1.', 1],
      ['+1', 1],
      ['-1', -1],
      ['500m', 0.5],
      ['100n', 1e-7],
      ['2u', 2e-6],
      ['1k', 1000],
      ['1M', 1e6],
      ['1G', 1e9],
      ['1T', 1e12],
      ['1P', 1e15],
      ['1E', 1e18],
      ['1Ki', 1024],
      ['100Mi', 100 * 2 ** 20],
      ['1Gi', 2 ** 30],
      ['1.5Gi', 1.5 * 2 ** 30],
      ['1Ti', 2 ** 40],
      ['1Pi', 2 ** 50],
      ['1Ei', 2 ** 60],
      ['1e3', 1000],
      ['1E3', 1000],
      ['1e+3', 1000],
      ['1e-3', 0.001],
      ['2.5e2', 250],
      ['-0', 0],
    ];
    for (const [input, expected] of valid) {
      it(`reads ${JSON.stringify(input)} as ${expected}`, () => {
        const value = parseQuantity(input);
        assert.ok(value !== undefined, 'parses');
        assert.ok(Math.abs(value - expected) <= Math.abs(expected) * 1e-12, `${value} ≈ ${expected}`);
      });
    }

    const invalid: unknown[] = [
      '',
      ' ',
      '1GB',
      '1gi',
      '1K',
      'Gi',
      '1 Gi',
      ' 1Gi',
      '1Gi ',
      '1e1.5',
      '1e',
      '.',
      '+',
      '1..0',
      '0x10',
      'abc',
      '1e99999',
      '1e400',
      null,
      undefined,
      true,
      {},
      [],
      NaN,
      Infinity,
    ];
    for (const input of invalid) {
      it(`rejects ${JSON.stringify(input) ?? String(input)}`, () => {
        assert.equal(parseQuantity(input), undefined);
      });
    }
  });

  describe('compareQuantities', () => {
    const table: Array<[unknown, unknown, -1 | 0 | 1]> = [
      ['1Gi', '500Mi', 1],
      ['500Mi', '1Gi', -1],
      ['1Gi', '1024Mi', 0],
      ['1Gi', 1073741824, 0],
      ['1G', '1Gi', -1],
      ['1G', '1e9', 0],
      ['1k', 1000, 0],
      ['0.5', '500m', 0],
      ['1.5Gi', '1536Mi', 0],
      ['-1', '0', -1],
      // Beyond 2^53 doubles round these to the same number; the comparison stays exact.
      ['9007199254740993', '9007199254740992', 1],
      ['8Ei', '9223372036854775807', 1],
    ];
    for (const [a, b, expected] of table) {
      it(`compares ${String(a)} with ${String(b)}: ${expected}`, () => {
        assert.equal(compareQuantities(a, b), expected);
      });
    }

    it('answers undefined when either side is not a quantity', () => {
      assert.equal(compareQuantities('1GB', '1Gi'), undefined);
      assert.equal(compareQuantities('1Gi', undefined), undefined);
    });

    // Property-style (fast-check is not installed): random quantities in every suffix agree with their
    // numeric values, and comparison is antisymmetric and consistent with it.
    it('agrees with the numeric value of random quantities', () => {
      const random = mulberry32(20240601);
      const suffixes: Array<[string, number]> = [
        ['', 1],
        ['m', 1e-3],
        ['k', 1e3],
        ['M', 1e6],
        ['G', 1e9],
        ['T', 1e12],
        ['Ki', 2 ** 10],
        ['Mi', 2 ** 20],
        ['Gi', 2 ** 30],
        ['Ti', 2 ** 40],
        ['e2', 100],
        ['e-1', 0.1],
      ];
      const draw = (): [string, number] => {
        const [suffix, multiplier] = suffixes[Math.floor(random() * suffixes.length)]!;
        const integer = Math.floor(random() * 5000);
        const fraction = random() < 0.3 ? `.${Math.floor(random() * 100)}` : '';
        const text = `${integer}${fraction}${suffix}`;
        return [text, Number(`${integer}${fraction}`) * multiplier];
      };
      for (let i = 0; i < 500; i++) {
        const [a, av] = draw();
        const [b, bv] = draw();
        const parsed = parseQuantity(a)!;
        assert.ok(Math.abs(parsed - av) <= Math.abs(av) * 1e-12, `${a}: ${parsed} ≈ ${av}`);
        const ab = compareQuantities(a, b);
        assert.equal(compareQuantities(b, a), ab === 0 ? 0 : -ab!, `antisymmetric for ${a}, ${b}`);
        assert.equal(compareQuantities(a, a), 0);
        if (Math.abs(av - bv) > Math.max(Math.abs(av), Math.abs(bv)) * 1e-9) assert.equal(ab, av < bv ? -1 : 1, `${a} vs ${b}`);
      }
    });
  });
});

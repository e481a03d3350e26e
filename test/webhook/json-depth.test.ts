// The nesting check every request passes before JSON.parse: a body nested past the limit is refused with a
// 400 instead of overflowing a recursive step later; anything inside a string must not count.
import { strict as assert } from 'node:assert';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../webhook/json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('accepts a body nested exactly to the limit and refuses one level more', () => {
    assert.equal(nestsDeeperThan(bytes(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH), false);
    assert.equal(nestsDeeperThan(bytes(nested(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH), true);
    assert.equal(nestsDeeperThan(bytes(`{"a":${'{"b":'.repeat(5)}1${'}'.repeat(5)}}`), 5), true);
    assert.equal(nestsDeeperThan(bytes(`{"a":${'{"b":'.repeat(4)}1${'}'.repeat(4)}}`), 5), false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = JSON.stringify({ note: `${'{['.repeat(1000)} \\" ${'"['.repeat(100)}` });
    assert.equal(nestsDeeperThan(bytes(inString), 3), false);
    // An escaped quote does not end the string: the brackets after it are still inside.
    assert.equal(nestsDeeperThan(bytes(String.raw`["\"[[[[[[", 1]`), 2), false);
  });

  it('reads multi-byte UTF-8 text without miscounting', () => {
    const text = JSON.stringify({ name: 'Größe ✓ 🚀 データベース', list: [[['ü']]] });
    assert.equal(nestsDeeperThan(bytes(text), 4), false);
    assert.equal(nestsDeeperThan(bytes(text), 3), true);
  });
});

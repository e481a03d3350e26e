// The webhook's log lines leave once per event-loop turn: in order, none lost, none held past the turn, and
// at once when flushed or when the buffer is large.
import { strict as assert } from 'node:assert';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { batchedWriter } from '../../webhook/batched-writer.js';

describe('batchedWriter', () => {
  it('writes the lines of one turn together, in order, once the turn ends', async () => {
    const chunks: string[] = [];
    const out = batchedWriter((chunk) => chunks.push(chunk));
    out.write('a\n');
    out.write('b\n');
    out.write('c\n');
    assert.deepEqual(chunks, [], 'nothing is written inside the turn');
    await nextTurn();
    assert.deepEqual(chunks, ['a\nb\nc\n']);
    out.write('d\n');
    await nextTurn();
    assert.deepEqual(chunks, ['a\nb\nc\n', 'd\n']);
  });

  it('flush() writes what is buffered at once, and the end of the turn then writes nothing more', async () => {
    const chunks: string[] = [];
    const out = batchedWriter((chunk) => chunks.push(chunk));
    out.write('last line\n');
    out.flush();
    assert.deepEqual(chunks, ['last line\n']);
    out.flush();
    await nextTurn();
    assert.deepEqual(chunks, ['last line\n']);
  });

  it('writes at once when a turn buffers 64 KiB, so a flood of lines cannot grow the buffer without bound', async () => {
    const chunks: string[] = [];
    const out = batchedWriter((chunk) => chunks.push(chunk));
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 200; i++) out.write(line);
    assert.ok(chunks.length >= 3, `${chunks.length} writes inside the turn`);
    assert.ok(chunks.every((c) => c.length <= 64 * 1024 + line.length));
    await nextTurn();
    assert.equal(chunks.join(''), line.repeat(200));
  });
});

// The SST scenario holds the donor's script by stopping its process tree. That script forks a subshell for
// nearly every line, so a freeze races with forks; a process stopped but not continued hangs the transfer
// for good (it did, once, in CI). A shell loop that forks as fast as it can stands in for the script here.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freezeTree, processState, processTree, thawTree } from './support/process-tree.js';

describe('freezing and thawing a process tree that forks all the time', function () {
  it('stops every member while frozen, leaves none stopped once thawed, and the tree runs to its end', async function () {
    const marker = `process-tree-test-${process.pid}`;
    const pattern = new RegExp(marker);
    const dir = mkdtempSync(join(tmpdir(), 'mdbkit-process-tree-'));
    const stopFile = join(dir, 'stop');
    // Each iteration forks twice ($(...) and the pipe): the tree never stops changing until the stop file exists.
    const loop = spawn('bash', ['-c', 'while [ ! -e "$1" ]; do x=$(echo 1 | cat); done; echo finished', marker, stopFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    loop.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => loop.on('exit', (code) => resolve(code)));
    let ended = false;
    void exited.then(() => (ended = true));

    try {
      for (let rounds = 0; rounds < 40; rounds++) {
        assert.equal(ended, false, 'the loop runs until it is told to stop');
        await new Promise((resolve) => setTimeout(resolve, 10));
        const frozen = freezeTree(pattern);
        const running = processTree(pattern).filter((pid) => !['T', 'Z', ''].includes(processState(pid)));
        assert.deepEqual(running, [], `round ${rounds + 1}: every process of the tree is stopped while frozen`);
        thawTree(pattern, frozen);
        const stopped = processTree(pattern).filter((pid) => processState(pid) === 'T');
        assert.deepEqual(stopped, [], `round ${rounds + 1}: no process of the tree is left stopped`);
      }
      writeFileSync(stopFile, '');
      assert.equal(await exited, 0);
      assert.match(output, /finished/);
    } finally {
      if (!ended) loop.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

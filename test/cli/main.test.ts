// main.ts in-process: the one catch that turns anything thrown into `mdbkit: <message>` and exit 2,
// and the guard against waiting on a terminal for input nobody is typing.
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import type { CliIO } from '../../cli/command.js';
import { run } from '../../cli/main.js';
import { PolicyEngine } from '../../policies/policy-engine.js';
import { CLI_FIXTURES } from './support/run-cli.js';

function fakeIO(overrides: Partial<CliIO> = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    cwd: CLI_FIXTURES,
    env: {},
    loadEngine: async () => new PolicyEngine([]),
    ...overrides,
  };
  return { io, out };
}

describe('mdbkit main', () => {
  it('prints one line and exits 2 when something unexpected fails', async () => {
    const { io, out } = fakeIO({ loadEngine: () => Promise.reject(new Error("Cannot find module 'policies/x.js'")) });
    assert.equal(await run(['lint', 'mistakes.yaml'], io), 2);
    assert.equal(out.stderr, "mdbkit: Cannot find module 'policies/x.js'\n");
    assert.equal(out.stdout, '');
  });

  it('answers --help without loading the policies', async () => {
    const { io, out } = fakeIO({ loadEngine: () => Promise.reject(new Error('must not be loaded')) });
    assert.equal(await run(['lint', '--help'], io), 0);
    assert.match(out.stdout, /^Usage: mdbkit lint/);
  });

  it('refuses to wait for typed input when no PATH is given at a terminal', async () => {
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    const { io, out } = fakeIO({ stdin });
    assert.equal(await run(['lint'], io), 2);
    assert.match(out.stderr, /^mdbkit: no input: name files or folders with -f PATH, or -f - to read standard input\n/);
  });

  it('skips every document when the engine handles no kind: counted in the summary, a note each with --verbose', async () => {
    const { io, out } = fakeIO();
    assert.equal(await run(['lint', 'valid'], io), 0);
    assert.equal(out.stderr, '');
    assert.match(out.stdout, /\(3 of other kinds not checked\)/);
    const verbose = fakeIO();
    assert.equal(await run(['lint', '--verbose', 'valid'], verbose.io), 0);
    assert.equal((verbose.out.stderr.match(/note: skipped/g) ?? []).length, 3);
  });

  it('prints the main help for mdbkit help, and a command’s for mdbkit help <command>', async () => {
    const main = fakeIO();
    assert.equal(await run(['help'], main.io), 0);
    assert.match(main.out.stdout, /^mdbkit: checks and defaults/);
    const lint = fakeIO();
    assert.equal(await run(['help', 'lint'], lint.io), 0);
    assert.match(lint.out.stdout, /^Usage: mdbkit lint/);
  });
});

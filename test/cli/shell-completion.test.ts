// The completion scripts in the shells they are for: each case is typed into real bash, zsh and fish, and
// what the shell offers must be the same in all three. Every word offered comes from the command table.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bashScript, fishScript, zshScript } from '../../cli/commands/completion.js';
import { COMMANDS } from '../../cli/main.js';
import { operatorVersionWords } from '../../cli/operator-version-option.js';
import { LOG_LEVELS } from '../../webhook/request-log.js';
import { completeIn, hasShell, SHELLS, type Shell } from './support/shell-completion.js';

const SCRIPTS: Record<Shell, () => string> = { bash: () => bashScript(COMMANDS), zsh: () => zshScript(COMMANDS), fish: () => fishScript(COMMANDS) };

/** A command line, the cursor at its end, and what every shell must offer. */
const CASES: Array<[line: string, offered: readonly string[], why: string]> = [
  ['mdbkit li', ['lint'], 'a command'],
  ['mdbkit completion f', ['fish'], 'an argument with a fixed set of choices'],
  ['mdbkit lint --ou', ['--output'], 'a long option'],
  ['mdbkit lint -o j', ['json', 'junit'], 'the values of --output'],
  ['mdbkit rules --output m', ['markdown'], 'the values of another command’s --output'],
  ['mdbkit lint --operator-version ', operatorVersionWords(), 'the operator versions schemas/operator-versions.json offers'],
  ['mdbkit serve --log-level ', LOG_LEVELS, 'the log levels'],
  ['mdbkit serve --tls-min-version ', ['1.2', '1.3'], 'the TLS versions serve accepts'],
  ['mdbkit lint --max-file-size ', [], 'nothing for a size: file names would be wrong'],
  ['mdbkit serve --port ', [], 'nothing for a port'],
  ['mdbkit lint -f man', ['manifest.yaml'], 'file names for -f'],
  ['mdbkit serve --kubeconfig man', ['manifest.yaml'], 'file names for --kubeconfig'],
  ['mdbkit lint man', ['manifest.yaml'], 'file names for a path argument'],
];

describe('shell completion in real shells', function () {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-completion-'));
    writeFileSync(join(dir, 'manifest.yaml'), 'kind: MariaDB\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('offers operator versions and log levels from the tables the options are parsed with', () => {
    assert.ok(operatorVersionWords().length >= 2, 'at least two operator versions to choose from');
  });

  for (const shell of SHELLS) {
    describe(shell, function () {
      before(function () {
        if (hasShell(shell)) return;
        // CI installs the three shells (.ci/run); elsewhere a missing one is skipped, not failed.
        if (process.env.MDBKIT_REQUIRE_SHELLS === '1') throw new Error(`${shell} is not installed, and MDBKIT_REQUIRE_SHELLS=1`);
        this.skip();
      });

      for (const [line, offered, why] of CASES) {
        it(`"${line}" offers ${why}`, () => {
          assert.deepEqual(completeIn(shell, SCRIPTS[shell](), line, dir).sort(), [...offered].sort());
        });
      }

      it('"mdbkit " offers every command of the table', () => {
        const words = completeIn(shell, SCRIPTS[shell](), 'mdbkit ', dir).filter((word) => !word.startsWith('-'));
        assert.deepEqual(words.sort(), COMMANDS.map((command) => command.name).sort());
      });
    });
  }
});

// --max-file-size as a person writes it (64MiB, 500KB, 1048576) and the sizes the size finding quotes back.
import { strict as assert } from 'node:assert';
import { UsageError } from '../../cli/cli-error.js';
import { DEFAULT_MAX_FILE_SIZE, formatSize, parseMaxFileSize, suggestedLimit } from '../../cli/max-file-size-option.js';

describe('--max-file-size', () => {
  it('reads binary and decimal units, case-insensitively, and plain bytes', () => {
    assert.equal(parseMaxFileSize(undefined, 'lint'), DEFAULT_MAX_FILE_SIZE);
    assert.equal(DEFAULT_MAX_FILE_SIZE, 16 * 1024 * 1024);
    assert.equal(parseMaxFileSize('64MiB', 'lint'), 64 * 1024 * 1024);
    assert.equal(parseMaxFileSize('64 mib', 'lint'), 64 * 1024 * 1024);
    assert.equal(parseMaxFileSize('1.5GiB', 'lint'), 1.5 * 1024 ** 3);
    assert.equal(parseMaxFileSize('500KB', 'lint'), 500_000);
    assert.equal(parseMaxFileSize('1048576', 'lint'), 1_048_576);
  });

  it('refuses what is not a size, naming the option and an example', () => {
    for (const given of ['', 'lots', '12x', '0', '-5MiB', 'MiB']) {
      assert.throws(
        () => parseMaxFileSize(given, 'lint'),
        (e: unknown) =>
          e instanceof UsageError && e.command === 'lint' && e.message === `--max-file-size "${given}" is not a size: give a number with a unit, e.g. 64MiB`,
        given,
      );
    }
  });

  it('quotes sizes as a person reads them and suggests a limit the file fits under', () => {
    assert.equal(formatSize(50 * 1024 * 1024), '50 MiB');
    assert.equal(formatSize(3200), '3.1 KiB');
    assert.equal(formatSize(512), '512 B');
    assert.equal(suggestedLimit(50 * 1024 * 1024), '64MiB');
    assert.equal(suggestedLimit(16 * 1024 * 1024 + 1), '32MiB');
    assert.equal(suggestedLimit(3000), '1MiB');
  });
});

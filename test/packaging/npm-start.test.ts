// `npm start` when nothing changed: its build (scripts/start-build.mjs) runs the steps of `npm run generate`
// only when their inputs or outputs moved, so a second start writes nothing and goes straight to serving.
// Run on a copy of the project, so that the steps' writes never touch the working tree.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { writeFiles } from '../../generator/write-files.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** Every file below `dir` with its modification time, as project paths. */
function mtimes(dir: string, below: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const top of below) {
    const full = join(dir, top);
    if (!existsSync(full)) continue;
    for (const entry of readdirSync(full, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      found.set(relative(dir, path).split(sep).join('/'), statSync(path).mtimeMs);
    }
  }
  return found;
}

describe('npm start', () => {
  it('builds with scripts/start-build.mjs, then serves', () => {
    assert.match(manifest.scripts.start!, /^node scripts\/start-build\.mjs && node bin\/mdbkit\.js serve /);
  });

  it('writeFiles leaves a file whose bytes are already on disk alone, and writes the one that differs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdbkit-write-'));
    try {
      assert.equal(
        writeFiles(dir, [
          { path: 'a/same.yaml', contents: 'same\n' },
          { path: 'b/changed.yaml', contents: 'old\n' },
        ]),
        2,
      );
      const past = new Date('2020-01-01T00:00:00Z');
      for (const path of ['a/same.yaml', 'b/changed.yaml']) utimesSync(join(dir, path), past, past);
      assert.equal(
        writeFiles(dir, [
          { path: 'a/same.yaml', contents: 'same\n' },
          { path: 'b/changed.yaml', contents: 'new\n' },
        ]),
        1,
      );
      assert.equal(statSync(join(dir, 'a/same.yaml')).mtimeMs, past.getTime());
      assert.notEqual(statSync(join(dir, 'b/changed.yaml')).mtimeMs, past.getTime());
      assert.equal(readFileSync(join(dir, 'b/changed.yaml'), 'utf8'), 'new\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('its build, on a copy of the project', function () {
    let copy: string;
    const OUTPUTS = ['dist', 'charts', 'generated', 'types/generated', 'docs'];
    const build = () => {
      const run = spawnSync(process.execPath, [join(copy, 'scripts', 'start-build.mjs')], { cwd: copy, encoding: 'utf8', timeout: 280_000 });
      if (run.error) throw run.error;
      return run;
    };

    before(function () {
      copy = mkdtempSync(join(tmpdir(), 'mdbkit-start-'));
      const skip = new Set(['node_modules', '.git', 'dist', '.mdbkit-dev'].map((name) => join(PROJECT_ROOT, name)));
      cpSync(PROJECT_ROOT, copy, { recursive: true, filter: (source) => !skip.has(source) });
      symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'));
      const first = build();
      assert.equal(first.status, 0, first.stdout + first.stderr);
      assert.match(first.stdout, /compile \(no record of a previous build\)/);
    });

    after(() => rmSync(copy, { recursive: true, force: true }));

    it('a second run writes nothing and says so in one line', () => {
      const before = mtimes(copy, OUTPUTS);
      assert.ok(before.has('dist/cli/main.js') && before.has('charts/mdbkit-webhook/Chart.yaml'), 'the first run built nothing');
      const second = build();
      assert.equal(second.status, 0, second.stderr);
      assert.equal(second.stdout, 'mdbkit: types, dist/ and the generated files are current\n');
      assert.equal(second.stderr, '');
      assert.deepEqual(mtimes(copy, OUTPUTS), before);
    });

    it('puts back a compiled file deleted and a generated file edited by hand, and writes no other', () => {
      rmSync(join(copy, 'dist', 'cli', 'main.js'));
      const chart = join(copy, 'charts', 'mdbkit-webhook', 'Chart.yaml');
      const original = readFileSync(chart, 'utf8');
      writeFileSync(chart, `${original}# edited by hand\n`);
      const before = mtimes(copy, ['charts', 'generated']);
      const run = build();
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.doesNotMatch(run.stdout, /types \(/, 'the types did not need a run');
      assert.ok(existsSync(join(copy, 'dist', 'cli', 'main.js')), 'tsc did not emit the deleted file again');
      assert.equal(readFileSync(chart, 'utf8'), original);
      const after = mtimes(copy, ['charts', 'generated']);
      const rewritten = [...after].filter(([path, mtime]) => before.get(path) !== mtime).map(([path]) => path);
      assert.deepEqual(rewritten, ['charts/mdbkit-webhook/Chart.yaml']);
    });
  });
});

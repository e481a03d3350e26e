// What `npm install mdbkit` gives a user: the package holds the built CLI and the data it reads at run time
// (schemas, chart templates) and nothing of the development (tests, bench, TypeScript sources, source maps),
// and once installed from the tarball, `mdbkit` runs from there.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { ACTION_PREFIX_NAME, installPackage, packProject, runInstalled } from './support/installed-package.js';

const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  bin: Record<string, string>;
};

describe('the npm package', () => {
  it('builds when packed: prepack empties dist/ and runs the build, so a pack ships dist/ and nothing stale in it', () => {
    // The tests pack with --ignore-scripts after building once; this holds the script to what they skip.
    assert.match(manifest.scripts.prepack!, /^node -e "require\('node:fs'\)\.rmSync\('dist', \{ recursive: true, force: true \}\)" && npm run build$/);
  });

  it('ships the CLI, the data it reads and the licence, and no tests, bench, sources or source maps', () => {
    const { files } = packProject();
    for (const needed of ['bin/mdbkit.js', 'dist/bundle/main.js', 'package.json', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(needed), `${needed} is missing from the package`);
    }
    assert.ok(
      files.some((f) => /^schemas\/.+\.schema\.json$/.test(f)),
      'no schema in the package',
    );
    assert.ok(files.includes('schemas/operator-versions.json'), 'the operator versions are missing');
    assert.ok(
      files.some((f) => f.startsWith('generator/charts/templates/')),
      'the chart templates `mdbkit generate` renders are missing',
    );
    const unwanted = files.filter(
      (f) => /^(test|bench|dist\/test|dist\/types)\//.test(f) || /\.map$/.test(f) || (/\.ts$/.test(f) && !f.endsWith('.d.ts')) || /tsbuildinfo/.test(f),
    );
    assert.deepEqual(unwanted, []);
    // The CLI ships as its bundle (scripts/bundle-cli.mjs): tsc's module-per-file output stays behind, and with it
    // the development-only generator scripts (they import from the operator's repository or build the types).
    assert.deepEqual(
      files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bundle/')),
      [],
    );
  });

  it('ships every file the bundled CLI imports from the project, each command’s chunks included', () => {
    // Follow relative imports from the entry point, static and dynamic: a chunk left out of `files` would fail
    // only when the command reaching it runs, in a user's hands.
    const { files } = packProject();
    const shipped = new Set(files);
    const pending = ['dist/bundle/main.js'];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      assert.ok(shipped.has(file), `${file} is imported by the CLI but not in the package`);
      const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
      for (const match of text.matchAll(/(?:from\s+|import\()\s*["'](\.{1,2}\/[^"'$]+\.js)["']/g)) {
        pending.push(join(file, '..', match[1]!).split('\\').join('/'));
      }
    }
    assert.ok(seen.size > 10, `only ${seen.size} modules reached from dist/bundle/main.js: the import scan is broken`);
    for (const chunk of ['serve-run', 'generate-all', 'kube-cluster-reader']) {
      assert.ok(
        [...seen].some((f) => f.startsWith(`dist/bundle/chunks/${chunk}-`)),
        `the ${chunk} chunk is not reached: the scan misses dynamic imports`,
      );
    }
  });

  describe('installed from the tarball', function () {
    before(function () {
      const { firstRun } = installPackage();
      assert.equal(firstRun.status, 0, `installing the package failed:\n${firstRun.stdout}\n${firstRun.stderr}`);
    });

    it('mdbkit --version prints the package version', () => {
      const run = runInstalled(['--version']);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), manifest.version);
    });

    it('mdbkit lint finds the one mistake, exit 1, and passes the valid manifest, exit 0', () => {
      const bad = runInstalled(['lint', 'deploy/db-typo.yaml']);
      assert.equal(bad.status, 1, bad.stderr);
      assert.match(bad.stdout, /^deploy\/db-typo\.yaml:9:11: error: spec\.storage\.size: .*\[schema\/pattern\]$/m);
      const good = runInstalled(['lint', 'deploy/db.yaml']);
      assert.equal(good.status, 0, good.stdout + good.stderr);
      assert.doesNotMatch(good.stdout, /error/);
    });

    it('mdbkit generate --help answers (the generator is in the package)', () => {
      const run = runInstalled(['generate', '--help']);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^Usage: mdbkit generate/);
    });

    it('mdbkit generate without --out refuses to rewrite the installed package, and writes nothing', () => {
      const packageDir = join(installPackage().runnerTemp, ACTION_PREFIX_NAME, 'node_modules', 'mdbkit');
      const listing = () => readdirSync(packageDir, { recursive: true, encoding: 'utf8' }).sort();
      const before = listing();
      const run = runInstalled(['generate']);
      assert.equal(run.status, 2, run.stdout);
      assert.match(run.stderr, /this is an installed package \(.*node_modules\/mdbkit\), whose files are not to be rewritten: give --out DIR/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(listing(), before, 'no file added to the package');
      assert.ok(!existsSync(join(packageDir, 'generated', 'crds')));
    });

    it('mdbkit generate --out writes the CRDs and charts from the packaged schemas and templates', () => {
      const out = mkdtempSync(join(tmpdir(), 'mdbkit-generate-'));
      try {
        const run = runInstalled(['generate', '--out', out]);
        assert.equal(run.status, 0, run.stderr);
        assert.ok(existsSync(join(out, 'charts', 'mdbkit-webhook', 'Chart.yaml')), `no webhook chart in ${out}: ${run.stdout}`);
        // The same CRDs as the project's own committed generation.
        const crds = (root: string) => readdirSync(join(root, 'generated', 'crds'), { recursive: true, encoding: 'utf8' }).sort();
        assert.deepEqual(crds(out), crds(PROJECT_ROOT));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });
});

// The generated validators run as scripts whose compiled code V8 keeps in the user's cache (policies/validator-script.ts):
// a second run takes the code from there and reports exactly what a run without a cache reports; a cache that is
// damaged, unwritable or switched off only means compiling again. Each run is its own process, as a user's are (in
// one process V8 keeps compiled scripts in memory and never looks at the cache).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir } from '../../policies/validator-script.js';
import { ensureBuilt, runCli } from '../cli/support/run-cli.js';

const MANIFESTS = `apiVersion: enterprise.mariadb.com/v1alpha1
kind: MaxScale
metadata:
  name: maxscale
spec:
  mariaDbRef:
    name: 3
  replicas: two
  unknwon: true
---
apiVersion: enterprise.mariadb.com/v1alpha1
kind: Connection
metadata:
  name: connection
spec:
  maxScaleRef:
    name: maxscale
  username: app
  passwordSecretKeyRef:
    name: app
    key: password
`;

describe('the validators’ compiled-code cache', () => {
  let dir: string;
  let cache: string;
  const lint = (cacheDir: string) => runCli(['lint', '--no-config', '--output', 'json', 'manifests.yaml'], { cwd: dir, env: { MDBKIT_CACHE_DIR: cacheDir } });
  const cached = () => readdirSync(join(cache, `v8-${process.versions.v8}-${process.arch}`)).filter((f) => /^[0-9a-f]{64}\.v8$/.test(f));

  before(() => ensureBuilt());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-code-cache-'));
    cache = join(dir, 'cache');
    writeFileSync(join(dir, 'manifests.yaml'), MANIFESTS);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written by the first run and read by the next, which reports the same findings as a run without it', () => {
    const off = lint('');
    assert.equal(off.status, 1, off.stderr);
    assert.match(off.stdout, /schema\//);
    const first = lint(cache);
    const files = cached();
    // One file per kind met: MaxScale and Connection.
    assert.equal(files.length, 2);
    const written = files.map((f) => statSync(join(cache, `v8-${process.versions.v8}-${process.arch}`, f)).mtimeMs);
    const second = lint(cache);
    // Read, not written again.
    assert.deepEqual(
      cached().map((f) => statSync(join(cache, `v8-${process.versions.v8}-${process.arch}`, f)).mtimeMs),
      written,
    );
    for (const run of [first, second]) assert.deepEqual([run.status, run.stdout, run.stderr], [off.status, off.stdout, off.stderr]);
  });

  it('is written again when damaged, and a cache that cannot be written changes nothing', () => {
    const off = lint('');
    lint(cache);
    const folder = join(cache, `v8-${process.versions.v8}-${process.arch}`);
    for (const file of cached()) writeFileSync(join(folder, file), 'not V8 code');
    const damaged = lint(cache);
    assert.ok(cached().every((file) => readFileSync(join(folder, file), 'utf8') !== 'not V8 code'));
    mkdirSync(join(dir, 'blocked'));
    writeFileSync(join(dir, 'blocked', 'cache'), 'a file where the folder would go');
    const unwritable = lint(join(dir, 'blocked', 'cache'));
    for (const run of [damaged, unwritable]) assert.deepEqual([run.status, run.stdout, run.stderr], [off.status, off.stdout, off.stderr]);
  });

  it('lives in MDBKIT_CACHE_DIR, else XDG_CACHE_HOME/mdbkit, else ~/.cache/mdbkit, one folder per V8; an empty MDBKIT_CACHE_DIR turns it off', () => {
    const v8 = `v8-${process.versions.v8}-${process.arch}`;
    assert.equal(codeCacheDir({ MDBKIT_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }), join('/c', v8));
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x' }), join('/x', 'mdbkit', v8));
    assert.match(codeCacheDir({})!, new RegExp(`\\.cache/mdbkit/${v8.replace(/\./g, '\\.')}$`));
    assert.equal(codeCacheDir({ MDBKIT_CACHE_DIR: '' }), undefined);
  });
});

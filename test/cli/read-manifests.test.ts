// PATH arguments to documents: folder walks in a stable order, standard input, JSON read as YAML,
// and YAML errors turned into placed findings instead of exceptions.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InputError, UsageError } from '../../cli/cli-error.js';
import { expandPaths, parseManifests, readSources, streamManifests } from '../../cli/read-manifests.js';
import { CLI_FIXTURES } from './support/run-cli.js';

describe('reading manifests', () => {
  it('walks a folder recursively in sorted order, skipping hidden folders and other extensions', () => {
    const found = expandPaths(['valid'], { cwd: CLI_FIXTURES });
    assert.deepEqual(
      found.map((s) => s.file),
      ['valid/a-mariadb.yaml', 'valid/nested/b-maxscale.yml', 'valid/nested/c-connection.json'],
    );
  });

  it('keeps the order of the arguments and reads a named file whatever its extension', () => {
    const found = expandPaths(['valid/nested/notes.txt', 'mistakes.yaml', '-'], { cwd: CLI_FIXTURES, stdinName: 'piped.yaml' });
    assert.deepEqual(
      found.map((s) => s.file),
      ['valid/nested/notes.txt', 'mistakes.yaml', 'piped.yaml'],
    );
  });

  it('refuses a path that does not exist, naming it', () => {
    assert.throws(
      () => expandPaths(['missing.yaml'], { cwd: CLI_FIXTURES }),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.equal(e.message, 'cannot read missing.yaml: no such file or directory');
        return true;
      },
    );
  });

  it('refuses standard input twice', () => {
    assert.throws(() => expandPaths(['-', '-'], { cwd: CLI_FIXTURES }), UsageError);
  });

  it('tells about a folder without manifests', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mdbkit-empty-'));
    try {
      writeFileSync(join(folder, 'notes.txt'), 'not a manifest\n');
      const empty: string[] = [];
      assert.deepEqual(expandPaths([folder], { cwd: CLI_FIXTURES, onEmptyFolder: (f) => empty.push(f) }), []);
      assert.deepEqual(empty, [folder]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads standard input', async () => {
    const texts = await readSources([{ file: '<stdin>', path: '-' }], Readable.from([Buffer.from('kind: A\n'), Buffer.from('---\nkind: B\n')]));
    assert.deepEqual(texts, [{ file: '<stdin>', text: 'kind: A\n---\nkind: B\n' }]);
  });

  it('parses every document, dropping empty ones', () => {
    const { documents } = parseManifests('x.yaml', '---\n# only a comment\n---\nkind: A\n---\n---\nkind: B\n...\n');
    assert.deepEqual(
      documents.map((d) => d.object),
      [{ kind: 'A' }, { kind: 'B' }],
    );
    assert.deepEqual(
      documents.map((d) => d.index),
      [0, 1],
    );
  });

  it('reads JSON with positions', () => {
    const { documents } = parseManifests('x.json', '{\n  "kind": "MaxScale",\n  "spec": {"replicas": 2}\n}\n');
    assert.deepEqual(documents[0]!.object, { kind: 'MaxScale', spec: { replicas: 2 } });
    assert.deepEqual(documents[0]!.problems, []);
  });

  it('turns YAML errors into yaml/syntax findings at their line and column', () => {
    const { documents } = parseManifests('x.yaml', 'kind: A\nmetadata:\n  name: a\n  name: b\n---\nkind: "unclosed\n');
    assert.equal(documents.length, 2);
    const [duplicate] = documents[0]!.problems;
    assert.equal(duplicate!.rule, 'yaml/syntax');
    assert.equal(duplicate!.severity, 'error');
    assert.deepEqual([duplicate!.line, duplicate!.column], [4, 3]);
    assert.match(duplicate!.message, /unique/);
    assert.equal(documents[0]!.object, undefined);
    assert.ok(documents[1]!.problems.length > 0);
    assert.ok(documents[1]!.problems[0]!.line >= 6, 'at or after the opening quote');
  });

  it('turns an alias bomb into a finding rather than a crash', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const { documents } = parseManifests('bomb.yaml', `${bomb}\n`);
    assert.equal(documents[0]!.problems[0]?.rule, 'yaml/syntax');
  });

  it('refuses a document nested deeper than 512 levels before building its tree, and reads the next one', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const text = `a: ${nested(511)}\n---\nb: ${nested(100_000)}\n---\nkind: ConfigMap\n`;
    for (const documents of [parseManifests('deep.yaml', text).documents, [...streamManifests('deep.yaml', text).documents]]) {
      assert.equal(documents.length, 3);
      // 511 lists inside the top mapping: 512 levels, the most that is read.
      assert.deepEqual(documents[0]!.problems, []);
      assert.equal(documents[1]!.object, undefined);
      assert.deepEqual(
        documents[1]!.problems.map((p) => [p.line, p.column, p.rule]),
        [[3, 4 + 511, 'yaml/syntax']],
      );
      assert.match(documents[1]!.problems[0]!.message, /^this document nests deeper than 512 levels/);
      assert.deepEqual(documents[2]!.object, { kind: 'ConfigMap' });
    }
  });

  it('gives a second pass the documents it is handed as they are, and parses only the others', () => {
    const text = 'kind: A\n---\nkind: B\n---\nkind: C\n';
    const stream = streamManifests('abc.yaml', text);
    const [a, b, c] = [...stream.documents];
    const again = [...stream.reusing(new Map([[b!.offset, b!]]))];
    assert.equal(again[1], b);
    assert.notEqual(again[0], a);
    assert.deepEqual(
      again.map((d) => [d.index, d.object]),
      [a, b, c].map((d) => [d!.index, d!.object]),
    );
  });
});

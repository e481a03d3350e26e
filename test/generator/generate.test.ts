// Generated files are reproducible, marked as generated, and the committed ones are current: a test
// regenerates into a temporary folder and compares, so a schema change without `npm run generate` fails.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleFiles } from '../../cli/commands/generate.js';
import { generateAll } from '../../generator/generate-all.js';
import { GENERATED_ROOTS } from '../../generator/generated-roots.js';
import { GENERATED_HEADER } from '../../generator/output-file.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { writeFiles } from '../../generator/write-files.js';

describe('mdbkit generate', () => {
  it('gives the same bytes for the same schemas', async () => {
    assert.deepEqual(await generateAll(), await generateAll());
  });

  it('matches the committed files (run `npm run generate` after changing schemas/)', async () => {
    const files = await generateAll();
    const dir = mkdtempSync(join(tmpdir(), 'mdbkit-generate-'));
    try {
      writeFiles(dir, files);
      for (const file of files) {
        assert.equal(readFileSync(join(PROJECT_ROOT, file.path), 'utf8'), readFileSync(join(dir, file.path), 'utf8'), `${file.path} is stale`);
      }
      assert.deepEqual(staleFiles(PROJECT_ROOT, files, GENERATED_ROOTS), { changed: [], extra: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks every file as generated, in the comment form its format allows', async () => {
    for (const file of await generateAll()) {
      const head = file.contents.slice(0, 300);
      if (file.path.endsWith('.json')) assert.ok((JSON.parse(file.contents) as { $comment?: string }).$comment?.startsWith(GENERATED_HEADER), file.path);
      else assert.ok(head.includes(GENERATED_HEADER) && head.split('\n')[0]!.includes(GENERATED_HEADER), `${file.path} starts with the header`);
    }
  });

  it('reports a changed and a leftover file', async () => {
    const files = await generateAll();
    const dir = mkdtempSync(join(tmpdir(), 'mdbkit-generate-'));
    try {
      writeFiles(dir, [
        ...files.map((f) => (f.path.endsWith('mariadbs.yaml') ? { ...f, contents: `${f.contents}# edited by hand\n` } : f)),
        { path: 'charts/mdbkit-crds/templates/old.yaml', contents: 'x' },
      ]);
      const stale = staleFiles(dir, files, GENERATED_ROOTS);
      assert.ok(stale.changed.includes('generated/crds/enterprise.mariadb.com/25.10/mariadbs.yaml'));
      assert.deepEqual(stale.extra, ['charts/mdbkit-crds/templates/old.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// generated/schemas/ is what lint and the webhook judge by instead of composing schemas/ at every start: it must
// load as the very set `loadSchemas` composes (the freshness of its bytes is generate.test.ts's), read a kind's
// schema only when asked, and say what to do when it is missing.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPOSED_SCHEMAS_DIR, loadComposedSchemas } from '../../kinds/composed-schemas.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { emitComposedSchemas } from '../../generator/emit-composed-schemas.js';
import { writeFiles } from '../../generator/write-files.js';
import { SchemaValidator } from '../../policies/schema-validator.js';

describe('the composed schemas snapshot (generated/schemas/)', () => {
  it('loads as the set loadSchemas composes from schemas/: every kind with its schema, the fragments, the operator versions', () => {
    const fresh = loadSchemas();
    const snapshot = loadComposedSchemas();
    assert.deepEqual(snapshot.kinds, fresh.kinds);
    assert.deepEqual(snapshot.common, fresh.common);
    assert.deepEqual(snapshot.operatorVersions, fresh.operatorVersions);
    const ref = 'https://mdbkit.dev/schemas/_common/k8s.schema.json#/definitions/Quantity';
    assert.deepEqual(snapshot.lookup.resolve(ref), fresh.lookup.resolve(ref));
  });

  it('serves every kind with none of the kinds’ schema files, which are read only when asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdbkit-composed-'));
    try {
      writeFiles(
        dir,
        emitComposedSchemas(loadSchemas()).filter((f) => f.path.endsWith('/index.json')),
      );
      const validator = new SchemaValidator(loadComposedSchemas(dir));
      const served = validator.servedKind('k8s.mariadb.com/v1alpha1', 'MariaDB');
      assert.equal(served?.definition.plural, 'mariadbs');
      assert.deepEqual(await validator.validate({ apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name: 'm' }, spec: {} }), []);
      assert.throws(() => served.definition.schema, /cannot read the composed schemas .*run `npm run generate`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says to run npm run generate when the snapshot is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdbkit-composed-'));
    try {
      cpSync(join(PROJECT_ROOT, COMPOSED_SCHEMAS_DIR, '_common'), join(dir, COMPOSED_SCHEMAS_DIR, '_common'), { recursive: true });
      assert.throws(() => loadComposedSchemas(dir), /generated\/schemas\/index\.json.*run `npm run generate`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

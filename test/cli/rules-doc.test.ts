// docs/rules.md is generated from the rule catalog; the README links it, so it must never be stale.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitRulesDoc, RULES_DOC } from '../../cli/rules-doc.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

describe('docs/rules.md', () => {
  it('is exactly what `npm run docs` makes from the current rule catalog', () => {
    const committed = readFileSync(join(PROJECT_ROOT, RULES_DOC), 'utf8');
    assert.equal(committed, emitRulesDoc().contents, 'run `npm run docs` and commit docs/rules.md');
  });

  it('lists every policy rule with its severity', () => {
    const doc = emitRulesDoc().contents;
    for (const id of ['maxscale/monitor-module-required', 'mariadb/galera-even-replicas', 'connection/references-exclusive', 'schema/unknown-field', 'yaml/syntax']) {
      assert.match(doc, new RegExp(`\\| \`${id}\` \\| (error|warning) \\|`));
    }
  });
});

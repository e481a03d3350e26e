// docs/rules.md is written by `mdbkit generate` from the rule units; the README links it, so it must never be stale.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitRulesDoc, RULES_DOC } from '../../cli/commands/generate-rules-doc.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { allRules, createPolicyEngine } from '../../policies/registry.js';

describe('docs/rules.md', () => {
  const doc = emitRulesDoc(createPolicyEngine()).contents;

  it('is exactly what `mdbkit generate` makes from the current rules', () => {
    const committed = readFileSync(join(PROJECT_ROOT, RULES_DOC), 'utf8');
    assert.equal(committed, doc, 'run `npm run generate` and commit docs/rules.md');
  });

  it('lists every rule with its severity and the kinds it applies to', () => {
    for (const rule of allRules()) assert.match(doc, new RegExp(`\\| \`${rule.id}\` \\| (error|warning)( (UPDATE|CREATE) only)? \\| [^|]+ \\|`), rule.id);
    assert.match(doc, /\| `maxscale\/duplicate-server-name` \| error \| MaxScale \(enterprise\.mariadb\.com, k8s\.mariadb\.com\) \|/);
    assert.match(doc, /\| `maxscale\/immutable-field` \| error UPDATE only \|/);
    assert.match(doc, /\| `schema\/unknown-field` \| error \| every kind \|/);
    assert.match(doc, /\| `yaml\/syntax` \| error \| every document \|/);
  });

  it("says in the README how many rules there are, and the number is the catalog's", () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const stated = /\*\*(\d+) rules\*\*/.exec(readme);
    assert.ok(stated, 'the README states the rule count as **N rules**');
    assert.equal(Number(stated[1]), allRules().length, 'update the rule count in the README');
  });
});

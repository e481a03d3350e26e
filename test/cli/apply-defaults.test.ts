// Writing a defaulted object back into its YAML document: the result must parse to exactly the
// defaulted object, while everything the user wrote that did not change (comments, order, quoting,
// anchors, list style) stays as it was.
import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { applyObject } from '../../cli/apply-defaults.js';
import { parseManifests } from '../../cli/read-manifests.js';
import { detectStyle } from '../../cli/yaml-style.js';

function rewrite(source: string, change: (object: any) => void): string {
  const [document] = parseManifests('x.yaml', source).documents;
  const after = structuredClone(document!.object) as any;
  change(after);
  applyObject(document!.doc, after);
  const text = document!.doc.toString({ ...detectStyle(document!.doc, document!.lineCounter), lineWidth: 0 });
  assert.deepEqual(parse(text), after, 'the output parses to the defaulted object');
  return text;
}

const SOURCE = `# head comment
kind: MaxScale
metadata:
  name: "quoted" # trailing comment
spec:
  # about servers
  servers:
  - name: a
    port: 3306
  admin: {port: 8989}
  shared: &shared
    x: 1
  copy: *shared
`;

describe('writing defaults back into YAML', () => {
  it('changes nothing when nothing changed', () => {
    assert.equal(
      rewrite(SOURCE, () => {}),
      SOURCE.replace('admin: {port: 8989}', 'admin: { port: 8989 }'),
    );
  });

  it('keeps comments and quoting, appends new keys after the user’s', () => {
    const text = rewrite(SOURCE, (o) => {
      o.spec.replicas = 1;
      o.spec.servers[0].protocol = 'MariaDBBackend';
      o.spec.monitor = { interval: '2s' };
    });
    for (const kept of ['# head comment', 'name: "quoted" # trailing comment', '# about servers']) assert.ok(text.includes(kept), kept);
    assert.ok(text.includes('  - name: a\n    port: 3306\n    protocol: MariaDBBackend\n'), 'list style and item order kept');
    assert.ok(text.indexOf('copy: *shared') < text.indexOf('replicas: 1'), 'new keys come last');
    assert.ok(text.includes('  monitor:\n    interval: 2s\n'));
  });

  it('changes a scalar in place, keeping its comment', () => {
    const text = rewrite(SOURCE, (o) => {
      o.metadata.name = 'other';
    });
    assert.ok(text.includes('name: "other" # trailing comment'));
  });

  it('grows and shrinks lists and removes keys', () => {
    const text = rewrite(SOURCE, (o) => {
      o.spec.servers.push({ name: 'b' });
      delete o.spec.admin;
    });
    assert.ok(text.includes('  - name: b\n'));
    assert.ok(!text.includes('admin'));
  });

  it('keeps an alias that did not change, replaces one that did', () => {
    const same = rewrite(SOURCE, (o) => {
      o.spec.replicas = 1;
    });
    assert.ok(same.includes('copy: *shared'));
    const changed = rewrite(SOURCE, (o) => {
      o.spec.copy = { x: 2 };
    });
    assert.ok(changed.includes('shared: &shared\n    x: 1'), 'the anchor keeps its own value');
    assert.ok(!changed.includes('*shared'));
  });

  it('follows the user’s indentation', () => {
    const four = 'kind: A\nspec:\n    servers:\n        -   name: a\n';
    const text = rewrite(four, (o) => {
      o.spec.replicas = 1;
    });
    assert.equal(text, 'kind: A\nspec:\n    servers:\n        - name: a\n    replicas: 1\n');
  });
});

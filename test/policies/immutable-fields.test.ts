// The two locks of policies/immutable-fields.ts as the mariadb-operator's webhook defines them
// (pkg/webhook/inmutable_webhook.go): `always` (inmutable) refuses adding, changing and removing; `once`
// (inmutableinit) lets an unset or empty stored value be set; parents missing on one side are not compared;
// lists compare pairwise; and every denial says what the stored value was.
import { strict as assert } from 'node:assert';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import { immutableFieldsRule, immutableMessage, storedText, type ImmutableField } from '../../policies/immutable-fields.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import type { FieldError } from '../../policies/field-error.js';

const KIND = { group: 'example.com', kind: 'Thing' };

function findings(fields: ImmutableField[], oldSpec: Record<string, unknown>, spec: Record<string, unknown>, operatorVersion?: string): FieldError[] {
  const rule = immutableFieldsRule({ id: 'test/immutable-field', kinds: [KIND], what: 'w', why: 'w', fix: 'f', fields });
  const object: KubeObject = { kind: 'Thing', spec };
  const ctx: PolicyContext = {
    operation: 'UPDATE',
    oldObject: { kind: 'Thing', spec: oldSpec },
    group: 'example.com',
    namespace: 'default',
    clusterDomain: 'cluster.local',
    reader: new ListClusterReader(),
    operatorVersion,
  };
  return rule.check!({ object, spec, ctx, at: rule.at }) as FieldError[];
}

const paths = (list: FieldError[]) => list.map((f) => f.path);

describe('immutable fields', () => {
  const always: ImmutableField = { path: 'spec.a', how: 'do x', lock: 'always' };
  const once: ImmutableField = { path: 'spec.a', how: 'do x', lock: 'once' };

  it('always: adding, changing and removing are refused; keeping is not', () => {
    assert.deepEqual(paths(findings([always], { z: 1 }, { z: 1, a: 'x' })), ['spec.a']);
    assert.deepEqual(paths(findings([always], { a: 'x' }, { a: 'y' })), ['spec.a']);
    assert.deepEqual(paths(findings([always], { a: 'x', z: 1 }, { z: 1 })), ['spec.a']);
    assert.deepEqual(paths(findings([always], { a: { p: 1, q: 2 } }, { a: { q: 2, p: 1, r: null } })), []);
  });

  it('always with an unset value: writing that value out is no change', () => {
    const plain = { ...always, unset: '' };
    assert.deepEqual(paths(findings([plain], { z: 1 }, { z: 1, a: '' })), []);
    assert.deepEqual(paths(findings([plain], { z: 1 }, { z: 1, a: 'x' })), ['spec.a']);
  });

  it('once: an unset stored value may be set, a set one never changed or removed', () => {
    assert.deepEqual(paths(findings([once], { z: 1 }, { z: 1, a: 'x' })), []);
    assert.deepEqual(paths(findings([once], { a: 'x' }, { a: 'y' })), ['spec.a']);
    assert.deepEqual(paths(findings([once], { a: 'x' }, { z: 1 })), ['spec.a']);
  });

  it('once: a stored false of a switch (a pointer, no unset) is set; an empty plain value ("", {}) is not', () => {
    assert.deepEqual(paths(findings([once], { a: false }, { a: true })), ['spec.a']);
    assert.deepEqual(paths(findings([{ ...once, unset: '' }], { a: '' }, { a: 'x' })), []);
    assert.deepEqual(paths(findings([{ ...once, unset: {} }], { a: { name: '' } }, { a: { name: 'x' } })), []);
  });

  it('does not compare a field whose parent is missing on one side, as the operator does not descend there', () => {
    const nested: ImmutableField = { path: 'spec.p.a', how: 'do x', lock: 'always' };
    assert.deepEqual(paths(findings([nested], { p: { a: 'x' } }, { z: 1 })), []);
    assert.deepEqual(paths(findings([nested], { z: 1 }, { p: { a: 'x' } })), []);
    assert.deepEqual(paths(findings([nested], { p: { a: 'x' } }, { p: { a: 'y' } })), ['spec.p.a']);
  });

  it('compares list items pairwise, by position, as far as both lists go', () => {
    const items: ImmutableField = { path: 'spec.l[*].a', how: 'do x', lock: 'always' };
    assert.deepEqual(paths(findings([items], { l: [{ a: 1 }, { a: 2 }] }, { l: [{ a: 1 }, { a: 3 }, { a: 4 }] })), ['spec.l[1].a']);
    assert.deepEqual(paths(findings([items], { l: [{ a: 1 }, { a: 2 }] }, { l: [{ a: 1 }] })), []);
  });

  it('judges a field only at the operator versions that lock it', () => {
    const v26: ImmutableField = { ...always, operatorVersions: ['26.6'] };
    assert.deepEqual(paths(findings([v26], { a: 'x' }, { a: 'y' }, '26.6')), ['spec.a']);
    assert.deepEqual(paths(findings([v26], { a: 'x' }, { a: 'y' }, '25.10')), []);
  });

  it('without a lock keeps its old meaning: setting an unset field is allowed, unset compares as `unset`', () => {
    assert.deepEqual(paths(findings([{ path: 'spec.a', how: 'h' }], { z: 1 }, { a: 'x' })), []);
    assert.deepEqual(paths(findings([{ path: 'spec.a', how: 'h', unset: 'D' }], { z: 1 }, { a: 'E' })), ['spec.a']);
  });

  it('names the stored value: short JSON, truncated, or unset', () => {
    const [finding] = findings([always], { a: 'standard' }, { a: 'premium' });
    assert.equal(finding!.message, 'Forbidden: field is immutable (stored: "standard"): do x');
    assert.equal(immutableMessage('h', undefined), 'Forbidden: field is immutable (stored: unset): h');
    const long = storedText({ k: 'x'.repeat(200) });
    assert.equal(long.length, 80);
    assert.ok(long.endsWith('...'));
    assert.equal(storedText(3), '3');
    assert.equal(storedText(null), 'unset');
  });
});

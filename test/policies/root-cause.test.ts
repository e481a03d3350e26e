import assert from 'node:assert/strict';
import type { FieldError } from '../../policies/field-error.js';
import { foldConsequences, hasPath, suggestedPath } from '../../policies/root-cause.js';

const finding = (path: string, rule: string, message: string, severity: FieldError['severity'] = 'error'): FieldError => ({
  path,
  rule,
  message,
  severity,
  reason: 'FieldValueInvalid',
});

const typo = finding('spec.storage.sise', 'schema/unknown-field', 'unknown field "sise": did you mean "size"?');
const required = finding('spec.storage.size', 'mariadb/storage-size-required', 'storage size is required');
const unrelated = finding('spec.replicas', 'mariadb/galera-even-replicas', 'use an odd number', 'warning');

describe('foldConsequences (root cause first)', () => {
  it('folds the finding about the suggested field into the unknown-field finding, cause first', () => {
    const folded = foldConsequences([required, unrelated, typo]);
    assert.deepEqual(
      folded.map((f) => [f.path, f.rule]),
      [
        ['spec.replicas', 'mariadb/galera-even-replicas'],
        ['spec.storage.sise', 'schema/unknown-field'],
      ],
    );
    const cause = folded[1]!;
    assert.equal(
      cause.message,
      'unknown field "sise": did you mean "size"?; that is why: spec.storage.size: storage size is required [mariadb/storage-size-required]',
    );
    assert.deepEqual(cause.related, [required]);
  });

  it('folds findings inside the suggested field, and keeps the worst severity on the cause', () => {
    const warningTypo = { ...typo, severity: 'warning' as const };
    const inner = finding('spec.storage.size[0]', 'schema/type', 'Invalid value');
    const [cause, ...rest] = foldConsequences([warningTypo, inner]);
    assert.equal(rest.length, 0);
    assert.equal(cause!.severity, 'error');
    assert.deepEqual(cause!.related, [inner]);
  });

  it('leaves findings alone when the suggested field is really written (it is not missing because of the typo)', () => {
    const written = (path: string) => hasPath({ spec: { storage: { size: '1Gi', sise: 'x' } } }, path);
    assert.deepEqual(foldConsequences([required, typo], written), [required, typo]);
  });

  it('does not fold a sibling whose name only starts with the suggested one', () => {
    const sibling = finding('spec.storage.sizeLimit', 'schema/pattern', 'Invalid value');
    assert.deepEqual(foldConsequences([sibling, typo]), [sibling, typo]);
  });

  it('folds nothing for an unknown field without a suggestion', () => {
    const noHint = finding('spec.storage.zzzz', 'schema/unknown-field', 'unknown field "zzzz": allowed fields are size');
    assert.deepEqual(foldConsequences([required, noHint]), [required, noHint]);
  });

  it('finds the suggested path at the top level and under list items', () => {
    assert.equal(suggestedPath(finding('spce', 'schema/unknown-field', 'unknown field "spce": did you mean "spec"?')), 'spec');
    assert.equal(suggestedPath(finding('spec.servers[0].prot', 'schema/unknown-field', 'unknown field "prot": did you mean "port"?')), 'spec.servers[0].port');
    assert.equal(suggestedPath(required), undefined);
  });
});

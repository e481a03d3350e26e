import assert from 'node:assert/strict';
import { closestName } from '../../policies/closest-name.js';

describe('closestName (did-you-mean)', () => {
  it('suggests the nearest name for a typo or a case slip, keeping the candidate’s spelling', () => {
    assert.equal(closestName('sise', ['size', 'storageClassName']), 'size');
    assert.equal(closestName('Maxscale', ['MariaDB', 'MaxScale', 'Connection']), 'MaxScale');
    assert.equal(closestName('replcas', ['replicas', 'resources']), 'replicas');
  });

  it('suggests nothing when every name is far off (more than a third of the name’s length)', () => {
    assert.equal(closestName('storage', ['replicas', 'image']), undefined);
    assert.equal(closestName('ab', ['xy']), undefined);
  });

  it('prefers the first of equally near candidates, so the suggestion is stable', () => {
    assert.equal(closestName('lnt', ['lint', 'list']), 'lint');
  });
});

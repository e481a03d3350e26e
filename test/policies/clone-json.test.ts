// cloneJson is what keeps defaulting from touching the caller's object (and the webhook's cache from a
// policy's changes): the copy must be deep, equal, and safe with keys JSON.parse allows and JS treats specially.
import { strict as assert } from 'node:assert';
import { cloneJson } from '../../policies/kube-object.js';

describe('cloneJson', () => {
  it('copies deeply: changing the copy leaves the original as it was', () => {
    const original = { spec: { replicas: 3, servers: [{ name: 'a', params: { weight: '1' } }] }, metadata: { labels: { app: 'x' } } };
    const copy = cloneJson(original);
    assert.deepEqual(copy, original);
    copy.spec.servers[0]!.params.weight = '2';
    copy.spec.servers.push({ name: 'b', params: { weight: '1' } });
    copy.metadata.labels.app = 'y';
    assert.deepEqual(original, { spec: { replicas: 3, servers: [{ name: 'a', params: { weight: '1' } }] }, metadata: { labels: { app: 'x' } } });
  });

  it('keeps a "__proto__" key as data, without changing the copy\'s prototype', () => {
    const original = JSON.parse('{"spec":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}}') as { spec: Record<string, unknown> };
    const copy = cloneJson(original);
    assert.equal(Object.getPrototypeOf(copy.spec), Object.prototype);
    assert.deepEqual(Object.keys(copy.spec), ['__proto__', 'constructor']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(copy.spec, '__proto__')?.value, { polluted: true });
    assert.equal((copy.spec as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it('copies values that are not plain JSON (a Date) as structuredClone does', () => {
    const when = new Date('2026-11-21T00:00:00Z');
    const copy = cloneJson({ at: when, list: [null, 1, 'a', true] });
    assert.ok(copy.at instanceof Date);
    assert.notEqual(copy.at, when);
    assert.equal(copy.at.getTime(), when.getTime());
    assert.deepEqual(copy.list, [null, 1, 'a', true]);
  });
});

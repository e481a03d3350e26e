// The law every default obeys: whatever the user wrote is still there, unchanged.
import { strict as assert } from 'node:assert';

export function assertKeeps(user: unknown, out: unknown, path = 'spec'): void {
  if (Array.isArray(user)) {
    assert.ok(Array.isArray(out), `${path} is still a list`);
    assert.equal(out.length, user.length, `${path} keeps its length`);
    user.forEach((item, i) => assertKeeps(item, (out as unknown[])[i], `${path}[${i}]`));
  } else if (typeof user === 'object' && user !== null) {
    for (const [key, value] of Object.entries(user)) assertKeeps(value, (out as Record<string, unknown>)[key], `${path}.${key}`);
  } else {
    assert.deepEqual(out, user, `${path} was changed`);
  }
}

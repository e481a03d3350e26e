// The JSON Patch (RFC 6902) that turns the request's object into the policies' defaulted copy of it: what
// controller-runtime's PatchResponseFromRaw computes, walking both trees once.
// https://datatracker.ietf.org/doc/html/rfc6902
//
// Why not fast-json-patch's `compare`: it deep-clones every value it adds (a JSON.stringify and JSON.parse each),
// and it was 9 % of the webhook's CPU with the proof that followed it (BENCHMARKS.md). Here an added value is the
// defaulted object's own: the caller serialises the patch and drops both at once, so nothing can change them in
// between. That the patch applied to the request's object gives the defaulted object is a law the property tests
// check (test/webhook/json-patch-diff.test.ts), rather than something every request proves again.

export type PatchOperation = { op: 'add'; path: string; value: unknown } | { op: 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A key as a JSON Pointer segment: `~` and `/` escaped (an annotation key such as `metallb.io/address-pool`). */
function segment(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/** Whether two JSON values are equal; key order does not count, as in JSON. */
function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalJson(a[i], b[i])) return false;
    return true;
  }
  if (!isObject(a) || !isObject(b)) return false;
  let count = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key) || a[key] === undefined) continue;
    count++;
    if (!Object.hasOwn(b, key) || !equalJson(a[key], b[key])) return false;
  }
  for (const key in b) if (Object.hasOwn(b, key) && b[key] !== undefined) count--;
  return count === 0;
}

function diffInto(before: unknown, after: unknown, path: string, out: PatchOperation[]): void {
  if (before === after) return;
  if (isObject(before) && isObject(after)) {
    for (const key in before) {
      if (!Object.hasOwn(before, key) || before[key] === undefined) continue;
      const at = `${path}/${segment(key)}`;
      // A key set to undefined is no key in JSON (JSON.stringify drops it): so it is removed.
      if (!Object.hasOwn(after, key) || after[key] === undefined) out.push({ op: 'remove', path: at });
      else diffInto(before[key], after[key], at, out);
    }
    for (const key in after) {
      if (!Object.hasOwn(after, key) || after[key] === undefined) continue;
      if (!Object.hasOwn(before, key) || before[key] === undefined) out.push({ op: 'add', path: `${path}/${segment(key)}`, value: after[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) diffInto(before[i], after[i], `${path}/${i}`, out);
    // Items beyond the common length: removed from the last down (each index stays valid), added in order (each
    // lands at the end, where RFC 6902 allows an index equal to the length).
    for (let i = before.length - 1; i >= common; i--) out.push({ op: 'remove', path: `${path}/${i}` });
    for (let i = common; i < after.length; i++) out.push({ op: 'add', path: `${path}/${i}`, value: after[i] });
    return;
  }
  if (!equalJson(before, after)) out.push({ op: 'replace', path, value: after });
}

/** The operations that make `before` into `after`; none when they are equal. Neither is changed or copied. */
export function jsonPatchDiff(before: unknown, after: unknown): PatchOperation[] {
  const out: PatchOperation[] = [];
  diffInto(before, after, '', out);
  return out;
}

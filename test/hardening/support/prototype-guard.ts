// Prototype pollution shows up as a new or replaced property on a built-in prototype. A snapshot before, a
// comparison after: the webhook runs in the test's own process, so this checks the server's realm too.

const WATCHED: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
];

export type PrototypeSnapshot = Map<string, Map<PropertyKey, PropertyDescriptor>>;

export function snapshotPrototypes(): PrototypeSnapshot {
  return new Map(WATCHED.map(([name, proto]) => [name, new Map(Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)!]))]));
}

/** What changed on the built-in prototypes since `before`, as readable lines; empty when nothing did. */
export function prototypeChanges(before: PrototypeSnapshot): string[] {
  const changes: string[] = [];
  for (const [name, proto] of WATCHED) {
    const then = before.get(name)!;
    for (const key of Reflect.ownKeys(proto)) {
      const was = then.get(key);
      const now = Object.getOwnPropertyDescriptor(proto, key)!;
      if (!was) changes.push(`${name}.${String(key)} was added`);
      else if (was.value !== now.value || was.get !== now.get || was.set !== now.set) changes.push(`${name}.${String(key)} was replaced`);
    }
    for (const key of then.keys()) if (!Object.prototype.hasOwnProperty.call(proto, key)) changes.push(`${name}.${String(key)} was removed`);
  }
  if (Object.getPrototypeOf({}) !== Object.prototype) changes.push('the prototype of {} changed');
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'allowed', 'toJSON']) if (probe[key] !== undefined) changes.push(`({}).${key} is ${JSON.stringify(probe[key])}`);
  return changes;
}

// Defensive readers for the plain JSON a policy receives: the schema check runs first, but rules still
// see objects with wrong types (the linter reports every finding at once), and must not throw on them.
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(parent: unknown, key: string): JsonObject | undefined {
  const value = isObject(parent) ? parent[key] : undefined;
  return isObject(value) ? value : undefined;
}

export function arrayAt(parent: unknown, key: string): unknown[] | undefined {
  const value = isObject(parent) ? parent[key] : undefined;
  return Array.isArray(value) ? value : undefined;
}

export function stringAt(parent: unknown, key: string): string | undefined {
  const value = isObject(parent) ? parent[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(parent: unknown, key: string): number | undefined {
  const value = isObject(parent) ? parent[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function booleanAt(parent: unknown, key: string): boolean | undefined {
  const value = isObject(parent) ? parent[key] : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** The object at `key`, created (as `{}`) when absent; for defaulting a clone. */
export function ensureObject(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

/** Sets `key` only when the user left it unset: defaults never overwrite what the user wrote. */
export function setDefault(parent: JsonObject, key: string, value: unknown): void {
  if (parent[key] === undefined) parent[key] = value;
}

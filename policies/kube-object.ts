// The minimal shape every object a policy sees has. Policies read fields defensively: the schema check
// runs first, but defaulting also runs on objects a user is still writing.
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion || !apiVersion.includes('/')) return '';
  return apiVersion.slice(0, apiVersion.indexOf('/'));
}

/** A deep copy of plain JSON data: defaulting changes a clone, never the caller's object. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

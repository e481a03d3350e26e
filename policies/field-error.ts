// A finding about one field: the common currency of the schema check, the policy rules, the linter's
// reporters and the webhook's denials (which turn `path` and `reason` into a Kubernetes StatusCause).
export type Severity = 'error' | 'warning';

/** The Kubernetes `metav1.CauseType` values a finding maps to. */
export type CauseReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound';

export interface FieldError {
  /** The field in Kubernetes' own notation: `spec.servers[0].port`, `metadata.annotations[a.b/c]`. */
  path: string;
  /** Stable rule id, `<area>/<kebab-name>`: `schema/enum`, `maxscale/monitor-module-required`. */
  rule: string;
  severity: Severity;
  /** What is wrong and what to do, in the API server's style (`Unsupported value: ...`). */
  message: string;
  reason: CauseReason;
}

const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Turns JSON pointer segments into a Kubernetes field path. */
export function fieldPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) out += `[${segment}]`;
    else if (PLAIN_SEGMENT.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${segment}]`;
  }
  return out;
}

/** Splits an RFC 6901 JSON pointer (`/spec/servers/0`) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The inverse of fieldPath: `spec.servers[0].port` → ['spec', 'servers', 0, 'port']. */
export function parseFieldPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const end = path.indexOf(']', i);
      const inner = end === -1 ? path.slice(i + 1) : path.slice(i + 1, end);
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      i = end === -1 ? path.length : end + 1;
    } else {
      if (path[i] === '.') i++;
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      if (end > i) out.push(path.slice(i, end));
      i = end;
    }
  }
  return out;
}

// What the webhook may say back about input it refuses: never the input itself (a 2 MB `kind` would become a
// 2 MB 400 body and log line, and a Secret pasted in the wrong place would reach the log), only a short prefix
// with every control and line-breaking character escaped, so a value cannot forge log lines or terminal
// output, and its length, so the user still sees what was sent.

/** How many characters of a refused value are echoed. */
export const ECHO_PREFIX_CHARS = 64;

// C0 and C1 controls, DEL, line and paragraph separators, the bidirectional overrides that reorder what a
// terminal shows (Trojan Source), and the quote and backslash, so that the escaped text reads back unambiguously.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\\"]/g;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', '"': '\\"' };

function escapeChar(c: string): string {
  return SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * At most `max` characters of `text`, escaped, then `…` and the full length when it was longer:
 * `abc\u001b[31m…(2000000 characters)`. The cut never splits a surrogate pair.
 */
export function escapedPrefix(text: string, max = ECHO_PREFIX_CHARS): string {
  let head = text.length > max ? text.slice(0, max) : text;
  if (head.length < text.length && /[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  const escaped = head.replace(UNSAFE, escapeChar).replace(/[\ud800-\udfff]/g, lonelySurrogate);
  return head.length < text.length ? `${escaped}…(${text.length} characters)` : escaped;
}

// A surrogate without its partner is not text: escape it, and keep pairs as they are.
function lonelySurrogate(c: string, offset: number, whole: string): string {
  const code = c.charCodeAt(0);
  const paired = code < 0xdc00 ? /[\udc00-\udfff]/.test(whole[offset + 1] ?? '') : /[\ud800-\udbff]/.test(whole[offset - 1] ?? '');
  return paired ? c : escapeChar(c);
}

/** A refused value as a message may show it: a quoted escaped prefix for a string, a description otherwise. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `"${escapedPrefix(value)}"`;
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return escapedPrefix(String(value));
  return `a ${typeof value}`;
}

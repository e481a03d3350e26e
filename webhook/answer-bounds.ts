// Every answer the webhook sends stays small, whatever object it judges: an object the API server accepts may
// carry 60,000 list items, and one finding each made a 22 MB denial the API server would still have to read
// within the webhook's timeout and kubectl would print. The webhook lists the first findings in full and then
// one cause that says how many more there are and where to see them all (`mdbkit lint` lists every one); the
// linter and the policy engine keep every finding. The numbers:
// - MAX_ANSWER_BYTES: the bound this file keeps every AdmissionReview answer under, counted in bytes of JSON:
//   a denial's causes (160 KiB) and message (32 KiB), or a patch (128 KiB, 171 KiB in base64), plus warnings
//   (4096 characters, at most 24 KiB escaped) and names cut to 253 characters (test/webhook/answer-bounds.test.ts
//   and test/hardening/large-objects.test.ts check it).
// - Warnings: the API server keeps at most 4096 runes of warning text per request; past that it cuts each
//   warning to 256 runes and drops the rest (k8s.io/apiserver/pkg/endpoints/filters/warning.go,
//   truncateAtTotalRunes = 4 * 1024, truncateItemRunes = 256), and the admission webhook guide asks for
//   warnings of at most 120 characters. So: 120 characters each, 4096 in all, the last one saying how many
//   more there were.
//   https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#response
import type { FieldError } from '../policies/field-error.js';
import type { StatusCause } from './admission-review.js';
import { escapedPrefix } from './input-echo.js';

export const MAX_ANSWER_BYTES = 256 * 1024;
/** Findings listed in full in a denial; one more cause counts the rest. */
export const MAX_CAUSES = 100;
/** A finding's message may quote a value (a 1 MB string that fails a pattern): cut, not dropped. */
export const MAX_CAUSE_MESSAGE = 1024;
/** A field path may hold a map key of any length. */
export const MAX_CAUSE_FIELD = 512;
/**
 * The causes as sent: counted in bytes of their JSON, since a character may take six once escaped (a control
 * character quoted from a value becomes \u0001) and three in UTF-8.
 */
export const MAX_CAUSES_BYTES = 160 * 1024;
/** status.message repeats the causes, as the API server's own denials do, up to this many bytes of JSON. */
export const MAX_DENIAL_MESSAGE = 32 * 1024;
/** The API server's truncateAtTotalRunes. */
export const MAX_WARNINGS_TOTAL = 4096;
/** What the admission webhook guide asks a warning to stay within. */
export const MAX_WARNING_LENGTH = 120;
/** Kubernetes names are at most 253 characters (a DNS subdomain). */
export const MAX_ECHOED_NAME = 253;
/**
 * The JSON of a patch the webhook sends, before base64 (which adds a third): with the largest denial parts
 * above it cannot take the answer past MAX_ANSWER_BYTES.
 */
export const MAX_PATCH_BYTES = 128 * 1024;

/** Where a user sees every finding when the webhook lists only the first ones. */
export const SEE_ALL_FINDINGS = 'run `mdbkit lint` on the manifest to see them all';

/** `text` cut to `max` characters (not splitting a surrogate pair), ending in `…` when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/** A name the request gave, as an answer may repeat it. */
export function echoedName(name: string): string {
  return name.length <= MAX_ECHOED_NAME ? name : escapedPrefix(name);
}

function boundedCause(finding: FieldError): StatusCause {
  return { reason: finding.reason, message: clip(finding.message, MAX_CAUSE_MESSAGE), field: clip(finding.path, MAX_CAUSE_FIELD) };
}

/** The bytes `value` takes as JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * The first findings as causes (MAX_CAUSES of them, fewer when their JSON passes MAX_CAUSES_BYTES), then one
 * that says how many more there are.
 */
export function boundedCauses(errors: readonly FieldError[]): StatusCause[] {
  const causes: StatusCause[] = [];
  let bytes = 0;
  for (const error of errors) {
    if (causes.length === MAX_CAUSES) break;
    const cause = boundedCause(error);
    bytes += jsonBytes(cause) + 1;
    if (causes.length > 0 && bytes > MAX_CAUSES_BYTES) break;
    causes.push(cause);
  }
  const listed = causes.length;
  if (listed < errors.length) causes.push(moreCause(listed, errors.slice(listed)));
  return causes;
}

function moreCause(listed: number, rest: readonly FieldError[]): StatusCause {
  const more = rest.length;
  const rules = [...new Set(rest.map((f) => f.rule))];
  const named = rules.slice(0, 10).join(', ') + (rules.length > 10 ? `, and ${rules.length - 10} other rules` : '');
  return {
    reason: rest[0]!.reason,
    field: '',
    message: `and ${more} more finding${more === 1 ? '' : 's'} not listed here (${named}): the webhook lists the first ${listed}; ${SEE_ALL_FINDINGS}`,
  };
}

/**
 * The causes as status.message lists them (`[field: message, ...]`, the API server's form) while they fit in
 * MAX_DENIAL_MESSAGE, then how many findings are left out. `findings` counts them all.
 */
export function denialList(causes: readonly StatusCause[], findings: number): string {
  const items: string[] = [];
  let length = 0;
  for (const cause of causes) {
    const item = cause.field ? `${cause.field}: ${cause.message}` : cause.message;
    const bytes = jsonBytes(item);
    if (items.length > 0 && length + bytes > MAX_DENIAL_MESSAGE) break;
    items.push(item);
    length += bytes;
  }
  // Cut before the last cause: every item listed is one finding.
  if (items.length < causes.length) items.push(`and ${findings - items.length} more: ${SEE_ALL_FINDINGS}`);
  return items.length === 1 ? items[0]! : `[${items.join(', ')}]`;
}

/** A warning as kubectl prints it: the field, then the message, within MAX_WARNING_LENGTH. */
export function warningText(finding: FieldError): string {
  const text = `${finding.path}: ${finding.message}`;
  return text.length < MAX_WARNING_LENGTH ? text : clip(text, MAX_WARNING_LENGTH - 1);
}

/**
 * Warnings the API server keeps whole: distinct ones (it drops repeats), in order, while their text stays
 * within MAX_WARNINGS_TOTAL with room for a last one that says how many were left out.
 */
export function boundedWarnings(texts: readonly string[]): string[] {
  const distinct = [...new Set(texts)];
  const out: string[] = [];
  let total = 0;
  const room = MAX_WARNINGS_TOTAL - MAX_WARNING_LENGTH;
  for (const text of distinct) {
    if (total + text.length > room) break;
    out.push(text);
    total += text.length;
  }
  const more = distinct.length - out.length;
  if (more > 0) out.push(clip(`and ${more} more warning${more === 1 ? '' : 's'}: ${SEE_ALL_FINDINGS}`, MAX_WARNING_LENGTH - 1));
  return out;
}

// Fields the operator cannot change once the object exists (a StatefulSet's volume claims, the user it
// created, the Connections it published): an UPDATE that changes one would be accepted by the API
// server and then ignored or fail in the operator, so the webhook denies it with the way forward, and
// says what the stored value was so the user can put it back.
// The two locks follow the mariadb-operator's `webhook:"inmutable"` and `webhook:"inmutableinit"` struct tags
// (pkg/webhook/inmutable_webhook.go): a field is compared only where its parent objects exist on both sides,
// list items pairwise by position.
import { parseFieldPath, type CauseReason, type FieldError } from './field-error.js';
import { isObject } from './object-fields.js';
import { defineRule, type KindRef, type Rule, type RuleText } from './rule.js';

/**
 * How a field is locked:
 * - `always`: never added, changed or removed once the object exists (the operator's `inmutable`);
 * - `once`: may be set while the stored value is unset or empty, then never changed or removed (`inmutableinit`).
 * Without a lock, a stored unset field may be set, and `unset` stands in for a missing value on both sides.
 */
export type ImmutableLock = 'always' | 'once';

export interface ImmutableField {
  /** Kubernetes notation: `spec.storage.storageClassName`; `[*]` compares the items of a list pairwise. */
  path: string;
  /** How to get the change anyway, e.g. "create a new MariaDB and migrate the data". */
  how: string;
  /**
   * What the operator reads when the field is unset (`false` for a switch such as spec.galera.enabled, `''` for a
   * plain string). With it, unset compares as that value on both sides; without it, unset is a value of its own.
   */
  unset?: unknown;
  lock?: ImmutableLock;
  /** The operator versions (`26.6`) whose objects have this lock; every version when absent. */
  operatorVersions?: readonly string[];
}

export interface ImmutableFieldsRuleSpec extends RuleText {
  id: string;
  kinds: readonly KindRef[];
  fields: readonly ImmutableField[];
  reason?: CauseReason;
  noCelTwin?: string;
}

/** An UPDATE-only rule: one finding per listed field the update changes, with the stored value and how to make the change another way. */
export function immutableFieldsRule(spec: ImmutableFieldsRuleSpec): Rule {
  const { fields, ...text } = spec;
  return defineRule({
    ...text,
    severity: 'error',
    reason: spec.reason ?? 'FieldValueForbidden',
    on: ['UPDATE'],
    immutableFields: fields,
    check: ({ object, ctx, at }) => {
      if (!ctx.oldObject) return [];
      const applicable = fields.filter((f) => !f.operatorVersions || (ctx.operatorVersion !== undefined && f.operatorVersions.includes(ctx.operatorVersion)));
      return fieldChanges(ctx.oldObject, object, applicable, at);
    },
  });
}

/** The findings of an update: each listed field whose stored value the update changes, at its concrete path. */
export function fieldChanges(oldObject: unknown, newObject: unknown, fields: readonly ImmutableField[], at: Rule['at']): FieldError[] {
  return fields.flatMap((field) =>
    concretePairs(oldObject, newObject, field.path, field.lock !== undefined).flatMap(({ path, stored, given }) => {
      const finding = changeOf(field, stored, given);
      return finding ? [at(path, immutableMessage(field.how, stored))] : [];
    }),
  );
}

function changeOf(field: ImmutableField, stored: unknown, given: unknown): boolean {
  const hasUnset = 'unset' in field;
  const before = isUnset(stored) && hasUnset ? field.unset : stored;
  const after = isUnset(given) && hasUnset ? field.unset : given;
  switch (field.lock) {
    case 'always':
      return !jsonEqual(normalized(before), normalized(after));
    case 'once':
      // Unset may still be set once; so may the empty value ("", 0, {}) of a field that has an `unset` (a plain
      // Go value, where empty is unset), but not a written-out `false` of a switch without one (a pointer).
      if (isUnset(stored) || (hasUnset && isEmptyValue(stored))) return false;
      return !jsonEqual(normalized(stored), normalized(after));
    default:
      if (before === undefined || before === null) return false;
      return !jsonEqual(before, after === null ? undefined : after);
  }
}

interface Pair {
  path: string;
  stored: unknown;
  given: unknown;
}

/**
 * The concrete paths of a field path (a `[*]` expanded to the positions both lists have), with both values. With
 * `parentsOnBothSides`, a field whose parent object is missing on either side is not compared, as the operator
 * does not descend into a struct unset on one side.
 */
function concretePairs(oldObject: unknown, newObject: unknown, path: string, parentsOnBothSides: boolean): Pair[] {
  const segments = parseFieldPath(path);
  let pairs: Array<{ path: string; stored: unknown; given: unknown }> = [{ path: '', stored: oldObject, given: newObject }];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const next: Pair[] = [];
    for (const pair of pairs) {
      if (i > 0 && parentsOnBothSides && !(presentObjectOrList(pair.stored) && presentObjectOrList(pair.given))) continue;
      if (segment === '*') {
        const a: unknown[] = Array.isArray(pair.stored) ? (pair.stored as unknown[]) : [];
        const b: unknown[] = Array.isArray(pair.given) ? (pair.given as unknown[]) : [];
        for (let j = 0; j < Math.min(a.length, b.length); j++) next.push({ path: `${pair.path}[${j}]`, stored: a[j], given: b[j] });
      } else if (typeof segment === 'number') {
        const a: unknown = Array.isArray(pair.stored) ? (pair.stored as unknown[])[segment] : undefined;
        const b: unknown = Array.isArray(pair.given) ? (pair.given as unknown[])[segment] : undefined;
        next.push({ path: `${pair.path}[${segment}]`, stored: a, given: b });
      } else {
        const a = isObject(pair.stored) ? pair.stored[segment] : undefined;
        const b = isObject(pair.given) ? pair.given[segment] : undefined;
        if (!last && !parentsOnBothSides && a === undefined && b === undefined) continue;
        next.push({ path: pair.path === '' ? segment : `${pair.path}.${segment}`, stored: a, given: b });
      }
    }
    pairs = next;
  });
  return pairs;
}

/**
 * A parent the operator descends into: an object (or list) on that side. (It also skips a non-pointer struct
 * that is entirely empty; mdbkit compares there, which only matters for an object written as `{}` on one side.)
 */
function presentObjectOrList(value: unknown): boolean {
  return Array.isArray(value) || isObject(value);
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Go's zero value as JSON: unset, "", 0, false, an empty list, or an object of nothing but such values. */
function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.values(value).every(isEmptyValue);
}

/** A value with its null members dropped: a null in JSON is an unset field to the operator. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (!isObject(value)) return value === null ? undefined : value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = normalized(v);
  return out;
}

/** The value at a Kubernetes field path, or undefined when any step is missing or of the wrong type. */
export function valueAtPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const segment of parseFieldPath(path)) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isObject(current) ? current[segment] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

const STORED_MAX = 80;

/** The stored value as a message shows it: short JSON, `unset` when there was none. */
export function storedText(stored: unknown): string {
  if (stored === undefined || stored === null) return 'unset';
  // JSON of a value from a parsed object always exists (undefined was handled above).
  const json = JSON.stringify(stored) ?? 'unset';
  return json.length > STORED_MAX ? `${json.slice(0, STORED_MAX - 3)}...` : json;
}

/** An immutable field's message; with the stored value (pass `undefined` for "unset") when one is given. */
export function immutableMessage(how: string, stored: unknown): string {
  return `Forbidden: field is immutable (stored: ${storedText(stored)}): ${how}`;
}

/** Deep equality of plain JSON values; key order does not matter, as it does not to the API server. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

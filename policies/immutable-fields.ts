// Fields the operator cannot change once the object exists (a StatefulSet's volume claims, the user it
// created, the Connections it published): an UPDATE that changes one would be accepted by the API
// server and then ignored or fail in the operator, so the webhook denies it with the way forward.
import { parseFieldPath, type CauseReason, type FieldError } from './field-error.js';
import { isObject } from './object-fields.js';
import { defineRule, type KindRef, type Rule, type RuleText } from './rule.js';

export interface ImmutableField {
  /** Kubernetes notation: `spec.storage.storageClassName`, `spec.servers[0].name`. */
  path: string;
  /** How to get the change anyway, e.g. "create a new MariaDB and migrate the data". */
  how: string;
  /**
   * What the operator reads when the field is unset (`false` for a switch such as spec.galera.enabled). With it,
   * unset compares as that value on both sides, so turning a switch on is a change; without it, setting a field
   * that was unset is not a change.
   */
  unset?: unknown;
}

export interface ImmutableFieldsRuleSpec extends RuleText {
  id: string;
  kinds: readonly KindRef[];
  fields: readonly ImmutableField[];
  reason?: CauseReason;
}

/** An UPDATE-only rule: one finding per listed field the update changes, with how to make the change another way. */
export function immutableFieldsRule(spec: ImmutableFieldsRuleSpec): Rule {
  const { fields, ...text } = spec;
  return defineRule({
    ...text,
    severity: 'error',
    reason: spec.reason ?? 'FieldValueForbidden',
    on: ['UPDATE'],
    immutableFields: fields,
    check: ({ object, ctx, at }) => (ctx.oldObject ? fieldChanges(ctx.oldObject, object, fields, at) : []),
  });
}

function fieldChanges(oldObject: unknown, newObject: unknown, fields: readonly ImmutableField[], at: Rule['at']): FieldError[] {
  return fields.flatMap((field) => {
    const stored = valueAtPath(oldObject, field.path);
    const given = valueAtPath(newObject, field.path);
    const unsetValue = 'unset' in field ? field.unset : undefined;
    const before = stored === undefined || stored === null ? unsetValue : stored;
    if (before === undefined) return [];
    const after = given === undefined || given === null ? unsetValue : given;
    return jsonEqual(before, after) ? [] : [at(field.path, immutableMessage(field.how))];
  });
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

export function immutableMessage(how: string): string {
  return `Forbidden: field is immutable: ${how}`;
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

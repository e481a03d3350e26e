// The mariadb-operator's `webhook:"inmutable"` and `webhook:"inmutableinit"` struct tags, as its webhook reads
// them on UPDATE (pkg/webhook/inmutable_webhook.go): an `inmutable` field may not change at all, setting it
// where it was unset included; an `inmutableinit` one may be set once, then not changed. A tagged field inside an
// optional object (spec.schedule.cron) is compared only when that object exists before and after, and some tags
// exist in one operator version only. Built on immutableFieldsRule, which compares and words the finding.
import { immutableFieldsRule, valueAtPath, type ImmutableField } from '../immutable-fields.js';
import { defineRule, type KindRef, type Rule, type RuleText } from '../rule.js';

export interface OperatorImmutableField {
  /** `spec.storage`, `spec.schedule.cron`. */
  path: string;
  tag: 'inmutable' | 'inmutableinit';
  /** How to make the change anyway. */
  how: string;
  /** The operator versions whose struct carries the tag; every version when absent. */
  versions?: readonly string[];
}

export interface OperatorImmutableRuleSpec extends RuleText {
  id: string;
  kinds: readonly KindRef[];
  fields: readonly OperatorImmutableField[];
}

function asImmutableField(field: OperatorImmutableField): ImmutableField {
  const how = field.versions ? `${field.how} (the field is immutable at operator ${field.versions.join(', ')})` : field.how;
  // Unset compares as null, so setting an `inmutable` field that was unset is a change, as in the operator.
  return field.tag === 'inmutable' ? { path: field.path, how, unset: null } : { path: field.path, how };
}

/** The object holding a field (`spec.schedule` for `spec.schedule.cron`); `spec` itself always counts as present. */
function parentPath(path: string): string {
  return path.slice(0, path.lastIndexOf('.'));
}

function present(object: unknown, path: string): boolean {
  const value = valueAtPath(object, path);
  return value !== undefined && value !== null;
}

export function operatorImmutableRule(spec: OperatorImmutableRuleSpec): Rule {
  const { fields, ...text } = spec;
  const inner = (selected: readonly OperatorImmutableField[]) => immutableFieldsRule({ ...text, fields: selected.map(asImmutableField) });
  const all = inner(fields);
  return defineRule({
    ...text,
    severity: all.severity,
    reason: all.reason,
    on: all.on,
    immutableFields: all.immutableFields,
    noCelTwin: 'it compares the update with the stored object',
    check(input) {
      const old = input.ctx.oldObject;
      if (!old) return [];
      const version = input.ctx.operatorVersion;
      const judged = fields.filter((field) => {
        if (field.versions && (version === undefined || !field.versions.includes(version))) return false;
        const parent = parentPath(field.path);
        return parent === 'spec' || (present(old, parent) && present(input.object, parent));
      });
      return judged.length === 0 ? [] : inner(judged).check!(input);
    },
  });
}

// The fields the mariadb-operator tags `webhook:"inmutable"` or `webhook:"inmutableinit"`, in the words of its
// struct tags, for the kinds' update rules: an inmutable field may not be added, changed or removed; an
// inmutableinit one may be set once, then not changed. The comparison (parents on both sides, list items by
// position, the stored value in the finding) is immutable-fields.ts's; some tags exist in one operator version only.
import { immutableFieldsRule, type ImmutableField, type ImmutableFieldsRuleSpec } from './immutable-fields.js';
import type { Rule } from './rule.js';

/** An inmutable field: any change, setting and removing it included; only at `operatorVersions` when given. */
export function inmutable(path: string, how: string, operatorVersions?: readonly string[]): ImmutableField {
  return { path, how, lock: 'always', ...(operatorVersions ? { operatorVersions } : {}) };
}

/** An inmutableinit field: free while unset, fixed once set; only at `operatorVersions` when given. */
export function inmutableInit(path: string, how: string, operatorVersions?: readonly string[]): ImmutableField {
  return { path, how, lock: 'once', ...(operatorVersions ? { operatorVersions } : {}) };
}

/** The update rule of a kind's tagged fields. */
export function taggedImmutableRule(spec: Omit<ImmutableFieldsRuleSpec, 'noCelTwin'>): Rule {
  return immutableFieldsRule({
    ...spec,
    noCelTwin:
      'compares with the stored object, and counts setting or removing a field as a change, which CEL transition rules (run only where both values exist) cannot see',
  });
}

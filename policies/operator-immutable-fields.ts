// The fields the mariadb-operator tags `webhook:"inmutable"` or `webhook:"inmutableinit"`, as its update webhook
// reads the tags (pkg/webhook/inmutable_webhook.go): an inmutable field may not change at all, being set or
// unset included (`unset: null` compares absence as a value); an inmutableinit field may be set once, then not
// changed. Some tags exist in one operator version only: those fields are judged at that version.
import { immutableFieldsRule, type ImmutableField, type ImmutableFieldsRuleSpec } from './immutable-fields.js';
import type { Rule } from './rule.js';

/** An inmutable field: any change, setting and removing it included. */
export function inmutable(path: string, how: string): ImmutableField {
  return { path, how, unset: null };
}

/** An inmutableinit field: free while unset, fixed once set. */
export function inmutableInit(path: string, how: string): ImmutableField {
  return { path, how };
}

export interface TaggedImmutableSpec extends ImmutableFieldsRuleSpec {
  /** Fields tagged in some operator versions only, by version (`'25.10'`). */
  byVersion?: Readonly<Record<string, readonly ImmutableField[]>>;
}

export function taggedImmutableRule(spec: TaggedImmutableSpec): Rule {
  const { byVersion = {}, ...common } = spec;
  const everyField = [...common.fields, ...Object.values(byVersion).flat()];
  const shown = immutableFieldsRule({ ...common, fields: everyField });
  const perVersion = new Map(
    Object.entries(byVersion).map(([version, fields]) => [version, immutableFieldsRule({ ...common, fields: [...common.fields, ...fields] })]),
  );
  const base = immutableFieldsRule(common);
  return Object.freeze({
    ...shown,
    noCelTwin:
      'compares with the stored object, and counts setting or removing a field as a change, which CEL transition rules (run only where both values exist) cannot see',
    check: (input: Parameters<NonNullable<Rule['check']>>[0]) => (perVersion.get(input.ctx.operatorVersion ?? '') ?? base).check!(input),
  });
}

// What each kind's policy provides, in one shape for every kind: its defaults, its rules (object rules,
// update-only rules, replica-count rules), and the other objects it looks up. The engine owns the order
// (default, then the schema check, then the rules), the clone, and the per-rule results.
import type { FieldError } from './field-error.js';
import type { KubeObject } from './kube-object.js';
import type { PolicyContext } from './policy-context.js';
import { appliesTo, type KindRef, type Rule } from './rule.js';

/**
 * Another object a kind's rules or defaults look up through ctx.reader. The engine lets a policy read only
 * what it declares, and the webhook keeps informer caches of exactly the declared kinds that are `watched`.
 */
export interface ObjectReference {
  kind: string;
  /** Its API group; `'own'` for the group of the object looking (the operators serve one shape in two groups). */
  group: string;
  /** Why the kind looks it up: the documentation of the dependency. */
  why: string;
  /**
   * The webhook caches it (list/watch). False for kinds the webhook must not read cluster-wide (Secrets,
   * ConfigMaps): lookups answer 'unknown' there, and the linter resolves them from the run's documents.
   */
  watched: boolean;
}

export interface KindPolicySpec extends KindRef {
  /**
   * Fills in what the user left unset, on `object`: a clone the engine made (kind authors never write JSON Patch;
   * the webhook's patch is the diff). Returns warnings for defaults it could not apply.
   */
  defaults?: (object: KubeObject, ctx: PolicyContext) => void | FieldError[] | Promise<void | FieldError[]>;
  rules: readonly Rule[];
  references?: readonly ObjectReference[];
}

export interface KindPolicy extends Readonly<KindRef> {
  readonly defaults: NonNullable<KindPolicySpec['defaults']> | undefined;
  readonly rules: readonly Rule[];
  readonly references: readonly ObjectReference[];
}

/** A policy, checked: every rule names this kind, and no rule id is used twice. */
export function definePolicy(spec: KindPolicySpec): KindPolicy {
  const ids = new Set<string>();
  for (const rule of spec.rules) {
    if (!appliesTo(rule, spec)) throw new Error(`rule ${rule.id} is in the ${spec.kind} policy but does not list ${spec.group}/${spec.kind} among its kinds`);
    if (ids.has(rule.id)) throw new Error(`rule ${rule.id} is twice in the ${spec.kind} policy`);
    ids.add(rule.id);
  }
  return Object.freeze({
    group: spec.group,
    kind: spec.kind,
    defaults: spec.defaults,
    rules: Object.freeze([...spec.rules]),
    references: Object.freeze([...(spec.references ?? [])]),
  });
}

/** The rules that judge a replica count, for the scale subresource. */
export function replicaRules(policy: KindPolicy): Rule[] {
  return policy.rules.filter((rule) => rule.replicas !== undefined);
}

/** A scale of this kind needs the stored object (a rule reads more than the number). */
export function scaleReadsStored(policy: KindPolicy): boolean {
  return replicaRules(policy).some((rule) => rule.replicas!.readsStored);
}

export function policyKey(ref: KindRef): string {
  return `${ref.group}/${ref.kind}`;
}

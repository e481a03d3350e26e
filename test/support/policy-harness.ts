// Runs one kind's policy the way the engine runs it (defaults on a clone, then the rules), whatever the
// object's apiVersion: the policy tests' one entry point, so they test the policy the users get.
import type { FieldError } from '../../policies/field-error.js';
import type { KindPolicy } from '../../policies/kind-policy.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { PolicyEngine, type DefaultResult, type Judgement } from '../../policies/policy-engine.js';
import { SchemaValidator } from '../../policies/schema-validator.js';

let schemas: SchemaValidator | undefined;

export interface PolicyHarness {
  default(object: KubeObject, ctx: PolicyContext): Promise<DefaultResult>;
  /** The policy's own findings (no schema findings), as the old per-kind validate returned them. */
  validate(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]>;
  /** Findings (schema ones included) and per-rule results. */
  judge(object: KubeObject, ctx: PolicyContext): Promise<Judgement>;
}

export function harness(policy: KindPolicy): PolicyHarness {
  schemas ??= new SchemaValidator();
  const engine = new PolicyEngine([policy], schemas);
  return {
    default: (object, ctx) => engine.defaultWith(policy, object, ctx),
    validate: async (object, ctx) => (await engine.judge(policy, object, ctx)).findings.filter((f) => !f.rule.startsWith('schema/')),
    judge: (object, ctx) => engine.judge(policy, object, ctx),
  };
}

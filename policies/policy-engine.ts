// The registry GVK → policy, and the order every caller (linter, webhook) runs things in: the schema
// check first, then the kind's own rules. Anything a policy throws is the caller's to catch once.
import { SchemaValidator } from './schema-validator.js';
import type { FieldError } from './field-error.js';
import type { DefaultResult, KindPolicy } from './kind-policy.js';
import type { KubeObject } from './kube-object.js';
import type { PolicyContext } from './policy-context.js';

export class PolicyEngine {
  private readonly policies = new Map<string, KindPolicy>();

  constructor(
    policies: readonly KindPolicy[],
    readonly schemas: SchemaValidator = new SchemaValidator(),
  ) {
    for (const policy of policies) this.policies.set(policyKey(policy.group, policy.kind), policy);
  }

  /** The policy of a served apiVersion and kind; `undefined` for kinds mdbkit does not handle. */
  policyFor(object: KubeObject): KindPolicy | undefined {
    const served = this.schemas.servedKind(object.apiVersion, object.kind);
    return served ? this.policies.get(policyKey(served.definition.sourceGroup, served.definition.kind)) : undefined;
  }

  async default(object: KubeObject, ctx: PolicyContext): Promise<DefaultResult | undefined> {
    const policy = this.policyFor(object);
    return policy ? policy.default(object, ctx) : undefined;
  }

  /** Schema findings, then the kind's rules; `undefined` for kinds mdbkit does not handle. */
  async validate(object: KubeObject, ctx: PolicyContext): Promise<FieldError[] | undefined> {
    const policy = this.policyFor(object);
    if (!policy) return undefined;
    const schemaFindings = this.schemas.validate(object) ?? [];
    return [...schemaFindings, ...(await policy.validate(object, ctx))];
  }
}

function policyKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

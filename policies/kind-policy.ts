// What each kind's policy provides. Both functions are pure but for lookups through ctx.reader:
// `default` returns a changed clone (never the input), `validate` returns findings.
import type { FieldError } from './field-error.js';
import type { KubeObject } from './kube-object.js';
import type { PolicyContext } from './policy-context.js';

export interface DefaultResult {
  object: KubeObject;
  /** Defaults that could not be applied (a reference the cluster could not resolve), as warnings. */
  warnings: FieldError[];
}

export interface KindPolicy {
  /** The group of the kind's schema file (`schemas/<group>/...`): two systems may both have a `MariaDB`. */
  group: string;
  kind: string;
  default(object: KubeObject, ctx: PolicyContext): Promise<DefaultResult>;
  validate(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]>;
}

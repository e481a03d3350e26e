// A rule is one unit: its id, severity, the kinds it applies to, its check and its catalog text (what / why /
// fix) are written together, so adding a rule is adding one object to a kind's folder, and `mdbkit rules`,
// docs/rules.md, SARIF and the webhook's denials all read the same text. The policy engine runs the checks and
// records, per rule, whether it passed, failed or was skipped (and why), so a user can see what was checked.
import type { CauseReason, FieldError, Severity } from './field-error.js';
import type { KubeObject } from './kube-object.js';
import type { JsonObject } from './object-fields.js';
import type { Operation, PolicyContext } from './policy-context.js';

/** A kind as the policies name it: the group of its schema file (`schemas/<group>/`) and its kind. */
export interface KindRef {
  group: string;
  kind: string;
}

/** A rule's answer when it could not judge the object (a lookup the cluster could not answer, say). */
export interface Skipped {
  skipped: string;
}

export type RuleOutcome = readonly FieldError[] | Skipped;

/** What an object rule sees: the object (defaulted, as admission would store it) and where it is judged. */
export interface RuleInput {
  object: KubeObject;
  /** `object.spec` when it is an object, else an empty object: rules read fields defensively. */
  spec: JsonObject;
  ctx: PolicyContext;
  /** A finding of this rule at a field path. */
  at: (path: string, message: string) => FieldError;
}

/** What a replica-count rule sees: the number (a Scale's, or the object's spec.replicas) and the object scaled. */
export interface ReplicasInput {
  replicas: number;
  /**
   * The object being scaled: the object itself when a whole object is judged; on the scale subresource the
   * stored object when the rule `readsStored` (`undefined` when it does not exist, `'unknown'` when the cluster
   * could not be asked), else `undefined`.
   */
  current: KubeObject | undefined | 'unknown';
  /** The object's name, for messages. */
  name: string | undefined;
  ctx: PolicyContext;
  at: (path: string, message: string) => FieldError;
}

export interface ReplicasCheck {
  /** The rule needs the scaled object (a Scale carries only the number): the webhook reads the stored one. */
  readsStored: boolean;
  check: (input: ReplicasInput) => RuleOutcome;
}

/** Which stage reports a rule that has no check of its own: the schema check, a kind's defaults, the manifest reader, the lint run. */
export type ReportedBy = 'schema' | 'defaults' | 'reader' | 'runner';

export interface RuleText {
  /** What the rule catches, one line. */
  what: string;
  /** Why it matters: the failure a user would otherwise meet. */
  why: string;
  /** How to fix a finding. */
  fix: string;
}

export interface RuleSpec extends RuleText {
  /** Stable `<area>/<kebab-name>`: tests, SARIF, config files and denials use it. */
  id: string;
  severity: Severity;
  /** The Kubernetes StatusCause type of its findings. */
  reason: CauseReason;
  /** The kinds whose policies run it; `'*'` for the rules of every document (schema, YAML). */
  kinds: readonly KindRef[] | '*';
  /** The operations it judges (controller-runtime's ValidateCreate / ValidateUpdate); both unless said. */
  on?: readonly Extract<Operation, 'CREATE' | 'UPDATE'>[];
  /** Its findings name a field that should not be there: point at the key rather than the value. */
  pointsAtKey?: boolean;
  /** The check over a whole object. */
  check?: (input: RuleInput) => RuleOutcome | Promise<RuleOutcome>;
  /** The check over a replica count: run on spec.replicas, and on the scale subresource (`kubectl scale`). */
  replicas?: ReplicasCheck;
  /** The fields an UPDATE-only rule keeps as they are (policies/immutable-fields.ts), for the catalog. */
  immutableFields?: readonly { path: string; how: string }[];
  /** For a rule without a check: the stage that reports it. */
  reportedBy?: ReportedBy;
  /**
   * Why the rule has no CEL twin in the CRD (it reads the cluster or the stored object, parses a template, ...).
   * A checked rule without it has one: an `x-kubernetes-validations` entry with `"x-mdbkit-rule": "<id>"` in its
   * kind's schema or overlay, so the API server refuses the same objects while no webhook runs.
   */
  noCelTwin?: string;
}

export interface Rule extends Readonly<RuleSpec> {
  readonly on: readonly Extract<Operation, 'CREATE' | 'UPDATE'>[];
  /** A finding of this rule at a field path, with a message that says what is wrong and what to do. */
  readonly at: (path: string, message: string) => FieldError;
}

const RULE_ID = /^[a-z0-9]+\/[a-z0-9-]+$/;

export function defineRule(spec: RuleSpec): Rule {
  if (!RULE_ID.test(spec.id)) throw new Error(`rule id ${spec.id} is not <area>/<kebab-name>`);
  const stages = [spec.check, spec.replicas, spec.reportedBy].filter((s) => s !== undefined).length;
  if (stages !== 1) throw new Error(`rule ${spec.id} needs exactly one of check, replicas and reportedBy`);
  if (spec.kinds !== '*' && spec.kinds.length === 0) throw new Error(`rule ${spec.id} applies to no kind`);
  const at = (path: string, message: string): FieldError => ({ path, rule: spec.id, severity: spec.severity, message, reason: spec.reason });
  const on: Rule['on'] = spec.on ?? ['CREATE', 'UPDATE'];
  return Object.freeze({ ...spec, on, at });
}

export function isSkipped(outcome: RuleOutcome): outcome is Skipped {
  return !Array.isArray(outcome) && typeof (outcome as Skipped).skipped === 'string';
}

export function appliesTo(rule: Pick<RuleSpec, 'kinds'>, kind: KindRef): boolean {
  return rule.kinds === '*' || rule.kinds.some((k) => k.group === kind.group && k.kind === kind.kind);
}

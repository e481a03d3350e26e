// The registry GVK → policy, and the order every caller (linter, webhook) runs things in: defaults on a clone,
// then the schema check, then the kind's rules, each recorded as passed, failed or skipped. Anything a rule
// throws is the caller's to catch once (the webhook answers 500, the linter reports mdbkit/internal-error).
import { cloneJson, type KubeObject } from './kube-object.js';
import type { ClusterReader, NameQuery, ObjectKey } from './cluster-reader.js';
import type { FieldError } from './field-error.js';
import { policyKey, replicaRules, scaleReadsStored, type KindPolicy, type ObjectReference } from './kind-policy.js';
import { isObject, numberAt } from './object-fields.js';
import type { PolicyContext } from './policy-context.js';
import { isSkipped, type Rule, type RuleOutcome } from './rule.js';
import { ruleCatalog } from './rule-catalog.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './rule-settings.js';
import { SCHEMA_RULES } from './schema-rules.js';
import { SchemaValidator } from './schema-validator.js';
import { OperatorVersionError, parseOperatorVersionChoice } from '../kinds/operator-versions.js';

export interface DefaultResult {
  object: KubeObject;
  /** Defaults that could not be applied (a reference the cluster could not resolve), as warnings. */
  warnings: FieldError[];
}

export type RuleStatus = 'pass' | 'fail' | 'skip';

export interface RuleResult {
  rule: string;
  status: RuleStatus;
  /** Why a rule was skipped. */
  reason?: string;
}

export interface Judgement {
  findings: FieldError[];
  /** One per rule that applies to the kind, in catalog order: schema rules, then the kind's. */
  results: RuleResult[];
}

export interface ValidateOptions {
  /** The warnings the object's defaults reported: findings of this judgement, and their rules' results. */
  defaultWarnings?: readonly FieldError[];
  /** Rules not to run on this object (the linter's skip annotation), with why. */
  skip?: ReadonlyMap<string, string>;
}

/** A `kubectl scale` as the webhook receives it: the scale subresource of a resource, and the new count. */
export interface ScaleRequest {
  group: string;
  plural: string;
  name: string;
  namespace: string;
  replicas: unknown;
}

export interface ScaleJudgement extends Judgement {
  /** The kind scaled, for the denial message. */
  kind: string;
}

/** A resource the webhook keeps an informer cache of, because a policy reads it. */
export interface WatchedResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** A policy read an object it does not declare among its references: a bug in the policy. */
export class UndeclaredReferenceError extends Error {}

export class PolicyEngine {
  private readonly policies = new Map<string, KindPolicy>();

  constructor(
    policies: readonly KindPolicy[],
    readonly schemas: SchemaValidator = new SchemaValidator(),
    readonly settings: RuleSettings = DEFAULT_RULE_SETTINGS,
  ) {
    for (const policy of policies) this.policies.set(policyKey(policy), policy);
  }

  private catalogCache: Rule[] | undefined;

  /** Every rule this engine can report (the policies', the schema's, the documents'), sorted by id. */
  catalog(): Rule[] {
    this.catalogCache ??= ruleCatalog(this.allPolicies());
    return this.catalogCache;
  }

  private referableKinds: ReadonlySet<string> | undefined;

  /**
   * Whether some policy may look this object up (by its kind, whatever the group): the linter keeps only such
   * objects across a run's documents. Policies read nothing they do not declare, so nothing else is ever asked for.
   */
  isReferable(object: KubeObject): boolean {
    this.referableKinds ??= new Set(this.allPolicies().flatMap((policy) => policy.references.map((reference) => reference.kind)));
    return typeof object.kind === 'string' && this.referableKinds.has(object.kind);
  }

  /** Every policy, in registration order. */
  allPolicies(): KindPolicy[] {
    return [...this.policies.values()];
  }

  /** The same policies and schemas, other rule settings (the webhook's disabled rules, a lint config). */
  withSettings(settings: RuleSettings): PolicyEngine {
    return new PolicyEngine(this.allPolicies(), this.schemas, settings);
  }

  /**
   * The same policies and settings, judging the operators' kinds at other operator versions (`--operator-version`):
   * values as users write them, `26.6` or `k8s.mariadb.com=25.10`; an unknown one throws OperatorVersionError.
   */
  withOperatorVersions(values: readonly string[]): PolicyEngine {
    const versions = this.schemas.schemas.operatorVersions;
    if (values.length === 0) return this;
    if (!versions) throw new OperatorVersionError('these schemas have no operator versions to choose from');
    return new PolicyEngine(
      this.allPolicies(),
      new SchemaValidator(this.schemas.schemas, parseOperatorVersionChoice(versions, values), this.schemas.source),
      this.settings,
    );
  }

  /** The policy of a served apiVersion and kind; `undefined` for kinds mdbkit does not handle. */
  policyFor(object: KubeObject): KindPolicy | undefined {
    const served = this.schemas.servedKind(object.apiVersion, object.kind);
    return served ? this.policies.get(policyKey({ group: served.definition.sourceGroup, kind: served.definition.kind })) : undefined;
  }

  /** The rules that judge an object of this kind: the schema's, then the kind's own. */
  rulesFor(policy: KindPolicy): Rule[] {
    return [...SCHEMA_RULES, ...policy.rules];
  }

  /** A defaulted clone, and warnings for defaults that could not be applied; `undefined` for other kinds. */
  async default(object: KubeObject, ctx: PolicyContext): Promise<DefaultResult | undefined> {
    const policy = this.policyFor(object);
    return policy ? this.defaultWith(policy, object, ctx) : undefined;
  }

  /** The defaults of the given policy, whatever the object's apiVersion says. */
  async defaultWith(policy: KindPolicy, object: KubeObject, ctx: PolicyContext): Promise<DefaultResult> {
    const clone = cloneJson(object);
    const warnings = (await policy.defaults?.(clone, this.guarded(policy, ctx))) ?? [];
    return { object: clone, warnings: this.grade(warnings) };
  }

  /** Findings and per-rule results; `undefined` for kinds mdbkit does not handle. */
  async validate(object: KubeObject, ctx: PolicyContext, options: ValidateOptions = {}): Promise<Judgement | undefined> {
    const policy = this.policyFor(object);
    return policy ? this.judge(policy, object, ctx, options) : undefined;
  }

  /** The schema check (when the object's kind has a schema) and the given policy's rules. */
  async judge(policy: KindPolicy, object: KubeObject, ctx: PolicyContext, options: ValidateOptions = {}): Promise<Judgement> {
    const rules = this.rulesFor(policy);
    if (ctx.operation === 'DELETE') return { findings: [], results: rules.map((r) => skip(r, 'DELETE is not judged')) };
    const schemaFindings = (await this.schemas.validate(object)) ?? [];
    const tooLong = overLongLists(schemaFindings);
    const defaultWarnings = options.defaultWarnings ?? [];
    const guardedCtx = this.guarded(policy, ctx);
    const spec = isObject(object.spec) ? object.spec : {};
    const findings: FieldError[] = defaultWarnings.filter((w) => !options.skip?.has(w.rule));
    const results: RuleResult[] = [];
    for (const rule of rules) {
      const off = this.offReason(rule, options.skip);
      if (off) {
        results.push(skip(rule, off));
        continue;
      }
      let outcome: RuleOutcome;
      if (rule.reportedBy === 'schema') outcome = schemaFindings.filter((f) => f.rule === rule.id);
      else if (rule.reportedBy === 'defaults') outcome = options.defaultWarnings ? [] : { skipped: 'reported when defaulting' };
      else if (rule.reportedBy !== undefined) outcome = { skipped: `reported by the ${rule.reportedBy}` };
      else if (!rule.on.includes(ctx.operation)) outcome = { skipped: `judges ${rule.on.join(' and ')} only` };
      else if (ctx.operation === 'UPDATE' && rule.on.length === 1 && !ctx.oldObject) outcome = { skipped: 'no stored object to compare with' };
      else if (tooLong) outcome = { skipped: tooLong };
      else if (rule.check) outcome = await rule.check({ object, spec, ctx: guardedCtx, at: rule.at });
      else outcome = this.replicasOutcome(rule, spec.replicas, object, object.metadata?.name, guardedCtx);
      const reported = rule.reportedBy === 'defaults' ? defaultWarnings.some((w) => w.rule === rule.id) : false;
      if (isSkipped(outcome)) results.push(skip(rule, outcome.skipped));
      else {
        const own = this.grade(outcome);
        // A loop, not push(...own): a list of 400,000 items can give as many findings, past the argument limit.
        if (rule.reportedBy !== 'defaults') for (const finding of own) findings.push(finding);
        results.push({ rule: rule.id, status: own.length > 0 || reported ? 'fail' : 'pass' });
      }
    }
    return { findings, results };
  }

  /**
   * The replica rules of the scaled kind on a `kubectl scale` (the Scale carries only the number; rules that
   * need more get the stored object); `undefined` when the resource is not one of mdbkit's kinds.
   */
  async validateScale(request: ScaleRequest, reader: ClusterReader, clusterDomain: string): Promise<ScaleJudgement | undefined> {
    const definition = this.schemas.definitionIn(request.group, { plural: request.plural });
    const policy = definition && this.policies.get(policyKey({ group: definition.sourceGroup, kind: definition.kind }));
    if (!definition || !policy) return undefined;
    const ctx: PolicyContext = { operation: 'UPDATE', group: request.group, namespace: request.namespace, clusterDomain, reader };
    const current = scaleReadsStored(policy)
      ? await reader.get({
          kind: definition.kind,
          namespace: definition.scope === 'Cluster' ? '' : request.namespace,
          name: request.name,
          group: request.group,
        })
      : undefined;
    const findings: FieldError[] = [];
    const results: RuleResult[] = [];
    for (const rule of replicaRules(policy)) {
      const off = this.offReason(rule);
      const outcome: RuleOutcome = off ? { skipped: off } : this.replicasOutcome(rule, request.replicas, current, request.name, this.guarded(policy, ctx));
      if (isSkipped(outcome)) results.push(skip(rule, outcome.skipped));
      else {
        const graded = this.grade(outcome);
        for (const finding of graded) findings.push(finding);
        results.push({ rule: rule.id, status: graded.length > 0 ? 'fail' : 'pass' });
      }
    }
    return { kind: definition.kind, findings, results };
  }

  /**
   * What the webhook must cache for the policies of the served groups to read: every watched reference, and a
   * kind whose scale rules read the stored object. Only kinds of served groups (the chart's RBAC grants those).
   */
  watchedResources(servedGroups: readonly string[]): WatchedResource[] {
    const out = new Map<string, WatchedResource>();
    const add = (group: string, kind: string) => {
      const definition = this.schemas.definitionIn(group, { kind });
      if (!definition) throw new Error(`a policy reads ${kind} of ${group}, which has no schema`);
      const resource = { group, version: definition.version, kind, plural: definition.plural, namespaced: definition.scope === 'Namespaced' };
      out.set(`${group}/${definition.version}/${definition.plural}`, resource);
    };
    for (const policy of this.policies.values()) {
      const definition = this.schemas.schemas.kinds.find((k) => k.sourceGroup === policy.group && k.kind === policy.kind);
      for (const group of definition?.groups.filter((g) => servedGroups.includes(g)) ?? []) {
        for (const reference of policy.references.filter((r) => r.watched)) {
          const target = reference.group === 'own' ? group : reference.group;
          if (servedGroups.includes(target)) add(target, reference.kind);
        }
        if (scaleReadsStored(policy)) add(group, policy.kind);
      }
    }
    // In the order of the served groups: a lookup tries enterprise.mariadb.com before k8s.mariadb.com, say.
    const rank = (r: WatchedResource) => servedGroups.indexOf(r.group);
    return [...out.values()].sort((a, b) => rank(a) - rank(b) || (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
  }

  private offReason(rule: Rule, skipped?: ReadonlyMap<string, string>): string | undefined {
    if (!this.settings.isEnabled(rule.id)) return 'disabled by configuration';
    return skipped?.get(rule.id);
  }

  private replicasOutcome(rule: Rule, replicas: unknown, current: KubeObject | undefined | 'unknown', name: unknown, ctx: PolicyContext): RuleOutcome {
    const count = numberAt({ replicas }, 'replicas');
    // Not a number: the schema's finding (and a Scale without one is the API server's).
    if (count === undefined) return { skipped: 'no replica count to judge' };
    return rule.replicas!.check({ replicas: count, current, name: typeof name === 'string' ? name : undefined, ctx, at: rule.at });
  }

  /** Findings as the settings want them: those of disabled rules dropped, re-graded ones at their new severity. */
  grade<F extends Pick<FieldError, 'rule' | 'severity'>>(findings: readonly F[]): F[] {
    return findings
      .filter((f) => this.settings.isEnabled(f.rule))
      .map((f) => {
        const severity = this.settings.severityOf(f.rule, f.severity);
        return severity === f.severity ? f : { ...f, severity };
      });
  }

  /**
   * The context with a reader that answers only what the policy declares among its references, and asks the
   * cluster once per object for the whole judgement: rules that read the same object (three rules read a
   * MaxScale's MariaDB) see the same answer even while an informer cache changes underneath. A reader that fails
   * counts as one that could not ask the cluster ('unknown'), for every policy alike.
   */
  private guarded(policy: KindPolicy, ctx: PolicyContext): PolicyContext {
    const answers = new Map<string, ReturnType<ClusterReader['get']>>();
    const lists = new Map<string, Promise<KubeObject[] | 'unknown'>>();
    const declared = (key: { kind: string; group?: string }): void => {
      if (!policy.references.some((r) => declares(r, key, ctx))) {
        throw new UndeclaredReferenceError(
          `the ${policy.kind} policy looked up ${key.kind}${key.group !== undefined ? ` of "${key.group}"` : ''} without declaring it among its references`,
        );
      }
    };
    const reader: ClusterReader = {
      named: (query: NameQuery) => {
        declared(query);
        const id = JSON.stringify([query.group, query.kind, query.name]);
        let answer = lists.get(id);
        if (!answer)
          lists.set(
            id,
            (answer = Promise.resolve()
              .then(() => (ctx.reader.named ? ctx.reader.named(query) : ('unknown' as const)))
              .catch(() => 'unknown' as const)),
          );
        return answer;
      },
      get: (key: ObjectKey) => {
        declared(key);
        const id = JSON.stringify([key.group, key.kind, key.namespace, key.name]);
        let answer = answers.get(id);
        if (!answer)
          answers.set(
            id,
            (answer = Promise.resolve()
              .then(() => ctx.reader.get(key))
              .catch(() => 'unknown' as const)),
          );
        return answer;
      },
    };
    return { ...ctx, reader, operatorVersion: ctx.operatorVersion ?? this.schemas.versionOf(ctx.group) };
  }
}

function declares(reference: ObjectReference, key: { kind: string; group?: string }, ctx: PolicyContext): boolean {
  if (reference.kind !== key.kind) return false;
  return key.group === undefined || key.group === (reference.group === 'own' ? ctx.group : reference.group);
}

/**
 * Why the kind's own rules do not run when a list has more items than its schema's maxItems, or `undefined`.
 * Rules walk lists item by item (and pairwise, for duplicates): a list far past its bound (100,000 clusters where
 * 32 are allowed) would cost them time and give a finding per item, about an object the schema check already
 * refuses. The API server refuses it too, by the CRD's maxItems, before any validating webhook sees it, so the
 * webhook loses nothing; the linter says so and judges the object once the list fits.
 */
function overLongLists(schemaFindings: readonly FieldError[]): string | undefined {
  const paths = schemaFindings.filter((f) => f.rule === 'schema/max-items').map((f) => f.path);
  if (paths.length === 0) return undefined;
  const named = paths.slice(0, 3).map((p) => (p.length > 120 ? `${p.slice(0, 119)}…` : p));
  const lists = paths.length > 3 ? `${named.join(', ')} and ${paths.length - 3} more lists` : named.join(', ');
  return `${lists} ${paths.length === 1 ? 'has' : 'have'} more items than the schema allows (schema/max-items): the kind's rules judge the object once ${paths.length === 1 ? 'it fits' : 'they fit'}`;
}

function skip(rule: Rule, reason: string): RuleResult {
  return { rule: rule.id, status: 'skip', reason };
}

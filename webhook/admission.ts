// The webhook's judgement, transport aside: an AdmissionReview in, an AdmissionReview out. Mutation is
// the diff of the request's object against the policy's defaulted clone (kind authors never write JSON
// Patch); validation denies in the API server's own form, 422 Invalid with one cause per finding.
import fastJsonPatch from 'fast-json-patch';
import type { ClusterReader } from '../policies/cluster-reader.js';
import type { FieldError } from '../policies/field-error.js';
import type { KubeObject } from '../policies/kube-object.js';
import type { PolicyContext } from '../policies/policy-context.js';
import type { PolicyEngine } from '../policies/policy-engine.js';
import { decodeAdmissionReview, type AdmissionRequest, type AdmissionResponse, type AdmissionReviewResponse } from './admission-review.js';

const { applyPatch, compare } = fastJsonPatch;

export interface AdmissionDeps {
  engine: PolicyEngine;
  reader: ClusterReader;
  clusterDomain: string;
  /** API groups this webhook judges; requests for others are allowed untouched. */
  servedGroups: readonly string[];
}

export type AdmissionResult = 'allowed' | 'patched' | 'denied' | 'skipped';

/** The answer, plus what the log line and the metrics need to know about it. */
export interface AdmissionOutcome {
  review: AdmissionReviewResponse;
  result: AdmissionResult;
  uid: string;
  kind: string;
  subResource?: string;
  namespace?: string;
  name?: string;
  operation: string;
  dryRun: boolean;
  /** Rule ids of every finding reported (denials and warnings). */
  rules: string[];
  /** Rule ids of the warnings among them (a rule re-graded by settings counts as it was reported). */
  warningRules: string[];
}

// The API server rejects the whole response when a warning is longer than this.
const MAX_WARNING_LENGTH = 120;

export function warningText(finding: FieldError): string {
  const text = `${finding.path}: ${finding.message}`;
  return text.length < MAX_WARNING_LENGTH ? text : `${text.slice(0, MAX_WARNING_LENGTH - 2)}…`;
}

function outcome(
  apiVersion: string,
  request: AdmissionRequest,
  response: Omit<AdmissionResponse, 'uid'>,
  result: AdmissionResult,
  findings: FieldError[] = [],
): AdmissionOutcome {
  return {
    review: { apiVersion, kind: 'AdmissionReview', response: { uid: request.uid, ...response } },
    result,
    uid: request.uid,
    kind: request.kind.kind,
    ...(request.subResource ? { subResource: request.subResource } : {}),
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(request.name ? { name: request.name } : {}),
    operation: request.operation,
    dryRun: request.dryRun === true,
    rules: findings.map((f) => f.rule),
    warningRules: findings.filter((f) => f.severity === 'warning').map((f) => f.rule),
  };
}

function contextFor(request: AdmissionRequest, object: KubeObject, deps: AdmissionDeps): PolicyContext {
  const operation = request.operation === 'CONNECT' ? 'UPDATE' : request.operation;
  return {
    operation,
    ...(request.oldObject ? { oldObject: request.oldObject } : {}),
    group: request.kind.group,
    namespace: request.namespace ?? object.metadata?.namespace ?? 'default',
    clusterDomain: deps.clusterDomain,
    reader: deps.reader,
  };
}

/** The object the policies judge, or why this request is none of theirs. */
function subject(request: AdmissionRequest, deps: AdmissionDeps): KubeObject | undefined {
  if (request.operation === 'DELETE' || request.operation === 'CONNECT') return undefined;
  if (!deps.servedGroups.includes(request.resource.group)) return undefined;
  if (request.subResource || !request.object) return undefined;
  return deps.engine.policyFor(request.object) ? request.object : undefined;
}

export async function mutate(body: unknown, deps: AdmissionDeps): Promise<AdmissionOutcome> {
  const { apiVersion, request } = decodeAdmissionReview(body);
  const object = subject(request, deps);
  if (!object) return outcome(apiVersion, request, { allowed: true }, 'skipped');
  const defaulted = await deps.engine.default(object, contextFor(request, object, deps));
  if (!defaulted) return outcome(apiVersion, request, { allowed: true }, 'skipped');
  const warnings = defaulted.warnings.map(warningText);
  const patch = compare(object, defaulted.object);
  if (patch.length === 0) return outcome(apiVersion, request, { allowed: true, ...(warnings.length ? { warnings } : {}) }, 'allowed', defaulted.warnings);
  // A patch that does not apply becomes an InternalError for the user (fixture 031): prove it applies first,
  // checking every operation against the document as the API server does. On the request's own object: it is
  // not read again, and a deep copy of it cost more than the rest of the mutation (the profile in BENCHMARKS.md).
  applyPatch(object, patch, true, true);
  return outcome(
    apiVersion,
    request,
    { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64'), ...(warnings.length ? { warnings } : {}) },
    'patched',
    defaulted.warnings,
  );
}

/** `MaxScale.enterprise.mariadb.com "name" is invalid: field: message`, as the API server words it. */
export function denialMessage(request: AdmissionRequest, errors: FieldError[]): string {
  const qualified = request.kind.group ? `${request.kind.kind}.${request.kind.group}` : request.kind.kind;
  const list = errors.map((e) => `${e.path}: ${e.message}`);
  return `${qualified} "${request.name ?? ''}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`;
}

function judged(apiVersion: string, request: AdmissionRequest, findings: FieldError[]): AdmissionOutcome {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning').map(warningText);
  const extra = warnings.length > 0 ? { warnings } : {};
  if (errors.length === 0) return outcome(apiVersion, request, { allowed: true, ...extra }, 'allowed', findings);
  return outcome(
    apiVersion,
    request,
    {
      allowed: false,
      status: {
        code: 422,
        status: 'Failure',
        reason: 'Invalid',
        message: denialMessage(request, errors),
        details: {
          ...(request.name ? { name: request.name } : {}),
          group: request.kind.group,
          kind: request.kind.kind,
          causes: errors.map((e) => ({ reason: e.reason, message: e.message, field: e.path })),
        },
      },
      ...extra,
    },
    'denied',
    findings,
  );
}

/**
 * `kubectl scale` reaches the webhook as an autoscaling/v1 Scale on the scale subresource (fixtures 013/014), not
 * as the scaled kind: the engine runs that kind's replica rules on the Scale's number.
 */
async function validateScale(apiVersion: string, request: AdmissionRequest, deps: AdmissionDeps): Promise<AdmissionOutcome> {
  const name = request.name ?? request.object?.metadata?.name;
  const scale = name
    ? await deps.engine.validateScale(
        {
          group: request.resource.group,
          plural: request.resource.resource,
          name,
          namespace: request.namespace ?? 'default',
          replicas: request.object?.spec?.replicas,
        },
        deps.reader,
        deps.clusterDomain,
      )
    : undefined;
  if (!scale) return outcome(apiVersion, request, { allowed: true }, 'skipped');
  return judged(apiVersion, { ...request, kind: { group: request.resource.group, version: request.resource.version, kind: scale.kind } }, scale.findings);
}

export async function validate(body: unknown, deps: AdmissionDeps): Promise<AdmissionOutcome> {
  const { apiVersion, request } = decodeAdmissionReview(body);
  if (request.subResource === 'scale' && request.operation === 'UPDATE' && deps.servedGroups.includes(request.resource.group)) {
    return validateScale(apiVersion, request, deps);
  }
  const object = subject(request, deps);
  if (!object) return outcome(apiVersion, request, { allowed: true }, 'skipped');
  const judgement = await deps.engine.validate(object, contextFor(request, object, deps));
  return judged(apiVersion, request, judgement?.findings ?? []);
}

// The webhook's judgement, transport aside: an AdmissionReview in, an AdmissionReview out. Mutation is
// the diff of the request's object against the policy's defaulted clone (kind authors never write JSON
// Patch); validation denies in the API server's own form, 422 Invalid with one cause per finding.
import type { ClusterReader } from '../policies/cluster-reader.js';
import type { FieldError } from '../policies/field-error.js';
import type { KubeObject } from '../policies/kube-object.js';
import type { PolicyContext } from '../policies/policy-context.js';
import type { PolicyEngine } from '../policies/policy-engine.js';
import { foldConsequences, hasPath } from '../policies/root-cause.js';
import { MAX_PATCH_BYTES, boundedCauses, boundedWarnings, denialList, echoedName, warningText } from './answer-bounds.js';
import { decodeAdmissionReview, type AdmissionRequest, type AdmissionResponse, type AdmissionReviewResponse } from './admission-review.js';
import { jsonPatchDiff } from './json-patch-diff.js';

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

export { warningText };

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
  const warnings = boundedWarnings(defaulted.warnings.map(warningText));
  // The defaulted object is the engine's own clone, thrown away with the patch: the diff may point into it.
  const patch = jsonPatchDiff(object, defaulted.object);
  if (patch.length === 0) return outcome(apiVersion, request, { allowed: true, ...(warnings.length ? { warnings } : {}) }, 'allowed', defaulted.warnings);
  // Serialised once: its size is checked on the bytes that are then sent.
  const patchBytes = Buffer.from(JSON.stringify(patch));
  if (patchBytes.length > MAX_PATCH_BYTES) {
    // Defaults that touch every item of a huge list (a port on each of 60,000 servers) would make a patch of
    // megabytes, which the API server would apply to an object then too large to store. The object goes in as
    // written, with a warning; the operator applies its own defaults when it reconciles it.
    warnings.unshift(`mdbkit's defaults were not applied: their patch is over ${MAX_PATCH_BYTES / 1024} KiB; see them with mdbkit default`);
    return outcome(apiVersion, request, { allowed: true, warnings: boundedWarnings(warnings) }, 'allowed', defaulted.warnings);
  }
  // The patch applies to the request's object by construction (webhook/json-patch-diff.ts, and its property
  // tests): proving it again on every request cost a copy of the object (the profile in BENCHMARKS.md).
  return outcome(
    apiVersion,
    request,
    { allowed: true, patchType: 'JSONPatch', patch: patchBytes.toString('base64'), ...(warnings.length ? { warnings } : {}) },
    'patched',
    defaulted.warnings,
  );
}

/**
 * `MaxScale.enterprise.mariadb.com "name" is invalid: field: message`, as the API server words it; with many
 * findings, the first ones and how many more (webhook/answer-bounds.ts).
 */
export function denialMessage(request: AdmissionRequest, errors: FieldError[], causes = boundedCauses(errors)): string {
  const kind = echoedName(request.kind.kind);
  const qualified = request.kind.group ? `${kind}.${echoedName(request.kind.group)}` : kind;
  return `${qualified} "${echoedName(request.name ?? '')}" is invalid: ${denialList(causes, errors.length)}`;
}

function judged(apiVersion: string, request: AdmissionRequest, findings: FieldError[]): AdmissionOutcome {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = boundedWarnings(findings.filter((f) => f.severity === 'warning').map(warningText));
  const extra = warnings.length > 0 ? { warnings } : {};
  if (errors.length === 0) return outcome(apiVersion, request, { allowed: true, ...extra }, 'allowed', findings);
  const causes = boundedCauses(errors);
  return outcome(
    apiVersion,
    request,
    {
      allowed: false,
      status: {
        code: 422,
        status: 'Failure',
        reason: 'Invalid',
        message: denialMessage(request, errors, causes),
        details: {
          ...(request.name ? { name: echoedName(request.name) } : {}),
          group: echoedName(request.kind.group),
          kind: echoedName(request.kind.kind),
          causes,
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
  // A misspelt field and what its absence sets off are one cause, as in mdbkit lint (policies/root-cause.ts).
  return judged(
    apiVersion,
    request,
    foldConsequences(judgement?.findings ?? [], (path) => hasPath(object, path)),
  );
}

// The admission.k8s.io/v1 AdmissionReview shapes mdbkit reads and writes, and the decoding that turns a
// body into a request or a 400. https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
import type { KubeObject } from '../policies/kube-object.js';
import { describeValue } from './input-echo.js';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  object: KubeObject | null;
  oldObject: KubeObject | null;
  dryRun?: boolean;
  options?: unknown;
}

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  patchType?: 'JSONPatch';
  /** base64 of the JSON Patch. */
  patch?: string;
  status?: {
    code: number;
    status: 'Failure';
    reason: string;
    message: string;
    details?: { name?: string; group?: string; kind?: string; causes: StatusCause[] };
  };
  warnings?: string[];
}

export interface AdmissionReviewResponse {
  apiVersion: string;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

/** A body that is not an AdmissionReview mdbkit can answer: the server replies 400 with this message. */
export class AdmissionDecodeError extends Error {}

const MAX_UID_LENGTH = 128;

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request's uid when the body has one, so that even a failure can be answered for it. */
export function uidOf(body: unknown): string | undefined {
  const request = isObject(body) && isObject(body.request) ? body.request : undefined;
  return typeof request?.uid === 'string' && request.uid !== '' ? request.uid : undefined;
}

export function decodeAdmissionReview(body: unknown): { apiVersion: string; request: AdmissionRequest } {
  if (!isObject(body)) throw new AdmissionDecodeError('the body is not a JSON object');
  if (body.kind !== 'AdmissionReview') throw new AdmissionDecodeError(`kind must be AdmissionReview, not ${describeValue(body.kind)}`);
  if (body.apiVersion !== ADMISSION_API_VERSION) {
    throw new AdmissionDecodeError(`apiVersion must be ${ADMISSION_API_VERSION} (set admissionReviewVersions: [v1]), not ${describeValue(body.apiVersion)}`);
  }
  const request = body.request;
  if (!isObject(request)) throw new AdmissionDecodeError('request is missing');
  if (uidOf(body) === undefined) throw new AdmissionDecodeError('request.uid is missing');
  // Every answer echoes the uid; the API server sends a UUID (36 characters).
  if ((request.uid as string).length > MAX_UID_LENGTH) {
    throw new AdmissionDecodeError(`request.uid is ${(request.uid as string).length} characters long, not the UUID the API server sends`);
  }
  if (!isObject(request.kind) || typeof request.kind.kind !== 'string' || typeof request.kind.group !== 'string' || typeof request.kind.version !== 'string') {
    throw new AdmissionDecodeError('request.kind must be {group, version, kind}');
  }
  if (!isObject(request.resource) || typeof request.resource.resource !== 'string' || typeof request.resource.group !== 'string') {
    throw new AdmissionDecodeError('request.resource must be {group, version, resource}');
  }
  if (typeof request.operation !== 'string' || !OPERATIONS.has(request.operation)) {
    throw new AdmissionDecodeError(`request.operation must be one of CREATE, UPDATE, DELETE, CONNECT`);
  }
  for (const key of ['object', 'oldObject'] as const) {
    const value = request[key];
    if (value !== undefined && value !== null && !isObject(value)) throw new AdmissionDecodeError(`request.${key} must be an object or null`);
  }
  if (request.dryRun !== undefined && typeof request.dryRun !== 'boolean') throw new AdmissionDecodeError('request.dryRun must be a boolean');
  for (const key of ['name', 'namespace', 'subResource'] as const) {
    if (request[key] !== undefined && typeof request[key] !== 'string') throw new AdmissionDecodeError(`request.${key} must be a string`);
  }
  return {
    apiVersion: body.apiVersion,
    request: {
      ...(request as unknown as AdmissionRequest),
      object: (request.object ?? null) as KubeObject | null,
      oldObject: (request.oldObject ?? null) as KubeObject | null,
    },
  };
}

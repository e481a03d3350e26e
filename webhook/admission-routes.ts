// POST /mutate and POST /validate: the transport around webhook/admission.ts. Every transport problem is
// answered here with its status and a JSON {message} (405, 415, 413, 400), never thrown; anything the
// policies throw is caught once and answered as a 500 that still echoes the request's uid.
//
// Why 500 and not "200 with allowed: false, code 500": the API server treats a non-200 answer as a failed
// call and applies the webhook's failurePolicy: with Fail the apply is refused as an InternalError (what a
// bug should do), with Ignore it goes through without mdbkit (what the operator chose for an outage). A 200
// denial would refuse the apply even under Ignore, turning a webhook bug into a cluster-wide outage. The body
// is still an AdmissionReview with the uid, for people and logs reading it.
// https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ADMISSION_API_VERSION, AdmissionDecodeError, uidOf } from './admission-review.js';
import { mutate, validate, type AdmissionDeps, type AdmissionOutcome } from './admission.js';
import type { WebhookMetrics } from './metrics.js';
import { escapedPrefix } from './input-echo.js';
import { admissionFields, describeError, roundMs, type LogFields, type Logger } from './request-log.js';

/** The API server never sends more (etcd's limit is 1.5 MiB per object; an UPDATE carries two of them). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface AdmissionRouteDeps {
  admission: AdmissionDeps;
  metrics: WebhookMetrics;
  logger: Logger;
  /** The functions the routes call: admission.ts's, unless a test swaps one. */
  judge?: { mutate: typeof mutate; validate: typeof validate };
}

const JUDGES = { mutate, validate };

/** `application/json; charset=utf-8` → `application/json` and `utf-8`. */
function parseContentType(header: string | undefined): { type: string; charset?: string } | undefined {
  if (!header) return undefined;
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1]).find(Boolean);
  return { type: type!.trim().toLowerCase(), ...(charset ? { charset: charset.toLowerCase() } : {}) };
}

/**
 * Facts about a request that may be logged and counted even when it could not be judged: as short escaped
 * prefixes, since a request that is refused may carry anything in them (a 2 MB kind, a name with newlines).
 */
function requestFacts(body: unknown): LogFields & { kind?: string; operation?: string } {
  const request = (body as { request?: Record<string, unknown> } | undefined)?.request;
  if (typeof request !== 'object' || request === null) return {};
  const text = (value: unknown) => (typeof value === 'string' ? escapedPrefix(value) : undefined);
  return {
    uid: text(uidOf(body)),
    kind: text((request.kind as { kind?: unknown } | undefined)?.kind),
    subResource: text(request.subResource),
    namespace: text(request.namespace),
    name: text(request.name),
    operation: text(request.operation),
    dryRun: request.dryRun === true,
  };
}

/**
 * Adds POST /mutate and POST /validate to the app itself, not through a nested express.Router: a mounted
 * router costs every request a second dispatch (prefix trimming, parameter processing), which the profile
 * in BENCHMARKS.md showed. The server adds them before its probes, so the common path matches first.
 */
export function addAdmissionRoutes(app: express.Express, deps: AdmissionRouteDeps): void {
  const judges = deps.judge ?? JUDGES;

  for (const webhook of ['mutate', 'validate'] as const) {
    const path = `/${webhook}`;
    const started = (res: Response) => (res.locals.started as number | undefined) ?? performance.now();

    const reject = (res: Response, status: number, message: string, fields: LogFields = {}) => {
      const seconds = (performance.now() - started(res)) / 1000;
      deps.metrics.failed(webhook, 'rejected', status, seconds, { kind: fields.kind as string | undefined, operation: fields.operation as string | undefined });
      deps.logger.warn('admission request rejected', { webhook, ...fields, result: 'rejected', status, error: message, durationMs: roundMs(seconds * 1000) });
      res.status(status).json({ message });
    };

    /** Whether the request may be read: a POST of UTF-8 JSON (else it is answered here). */
    const acceptable = (req: Request, res: Response): boolean => {
      res.locals.started = performance.now();
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        reject(res, 405, `${req.method} is not allowed: the API server POSTs an AdmissionReview to ${path}`);
        return false;
      }
      const contentType = parseContentType(req.headers['content-type']);
      if (contentType?.type !== 'application/json') {
        reject(res, 415, `the body must be an AdmissionReview as application/json, not ${contentType ? contentType.type : 'a body without a Content-Type'}`);
        return false;
      }
      if (contentType.charset && contentType.charset !== 'utf-8' && contentType.charset !== 'utf8') {
        reject(res, 415, `the body must be UTF-8 JSON, not ${contentType.charset}`);
        return false;
      }
      return true;
    };

    // Stops reading at the limit (and at once when Content-Length already says more).
    const readBody = express.raw({ type: () => true, limit: MAX_BODY_BYTES });

    const bodyError = (error: unknown, req: Request, res: Response, next: NextFunction) => {
      const { type, status } = error as { type?: string; status?: number };
      if (type === 'entity.too.large') return reject(res, 413, `the body is larger than ${MAX_BODY_BYTES} bytes (3 MiB), more than any AdmissionReview`);
      if (type === 'encoding.unsupported')
        return reject(res, 415, 'the body has a Content-Encoding the webhook does not read: send it uncompressed, as the API server does');
      if (typeof status === 'number' && status >= 400 && status < 500) return reject(res, 400, `the body could not be read (${type ?? 'unknown reason'})`);
      next(error);
    };

    const judge = async (req: Request, res: Response) => {
      const raw: unknown = req.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0) return reject(res, 400, 'the body is empty: it must be an AdmissionReview');
      let body: unknown;
      if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
        return reject(res, 400, `the body nests deeper than ${MAX_JSON_DEPTH} levels, far more than any Kubernetes object`);
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        // V8's message quotes the text around the error, which may be part of a Secret: only say where.
        const position = /position (\d+)/.exec((error as Error).message)?.[1];
        return reject(res, 400, `the body is not valid JSON${position ? ` (at byte ${position})` : ''}`);
      }
      let outcome: AdmissionOutcome;
      let answer: string;
      try {
        outcome = await judges[webhook](body, deps.admission);
        answer = JSON.stringify(outcome.review);
      } catch (error) {
        if (error instanceof AdmissionDecodeError) return reject(res, 400, `not an AdmissionReview mdbkit can answer: ${error.message}`, requestFacts(body));
        return internalError(res, body, error);
      }
      const seconds = (performance.now() - started(res)) / 1000;
      // Node's own writeHead and end: the answer is already one string, and express's send would only look at
      // it again (charset, ETag and freshness checks that an AdmissionReview answer never needs).
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(answer) });
      res.end(answer);
      deps.metrics.answered(webhook, outcome, seconds);
      deps.logger.info('admission', admissionFields(webhook, outcome, 200, seconds * 1000));
    };

    const internalError = (res: Response, body: unknown, error: unknown) => {
      const seconds = (performance.now() - started(res)) / 1000;
      const facts = requestFacts(body);
      const uid = uidOf(body) ?? '';
      const echoed = typeof body === 'object' && body !== null ? (body as { apiVersion?: unknown }).apiVersion : undefined;
      const apiVersion = typeof echoed === 'string' ? echoed : ADMISSION_API_VERSION;
      // The error's own message may quote the object (fast-json-patch does): the user gets the uid to find the log line.
      const message = `mdbkit could not judge this request: an internal error occurred in the ${webhook} webhook (request uid ${uid}); its log has the details`;
      res.status(500).json({
        apiVersion,
        kind: 'AdmissionReview',
        response: { uid, allowed: false, status: { code: 500, status: 'Failure', reason: 'InternalError', message } },
      });
      deps.metrics.failed(webhook, 'error', 500, seconds, { kind: facts.kind, operation: facts.operation });
      deps.logger.error('admission request failed', {
        webhook,
        ...facts,
        result: 'error',
        status: 500,
        ...describeError(error),
        durationMs: roundMs(seconds * 1000),
      });
    };

    // One handler, not a chain of four: each step of express's chain is a dispatch through its router per request.
    app.all(path, (req: Request, res: Response, next: NextFunction) => {
      if (!acceptable(req, res)) return;
      readBody(req, res, (error?: unknown) => {
        if (error) bodyError(error, req, res, next);
        else void judge(req, res).catch(next);
      });
    });
  }
}

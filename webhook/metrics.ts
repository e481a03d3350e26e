// What /metrics reports, in the Prometheus text format (prom-client): requests by kind, operation and
// result, how long answers took, and which rules deny. One registry per server, so two servers in one
// process (tests) never share counters. https://prometheus.io/docs/practices/naming/
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AdmissionOutcome } from './admission.js';

export type Webhook = 'mutate' | 'validate';

/** Results beyond the policy's own: `error` is the 500 path, `rejected` a transport error (400, 405, 413, 415). */
export type RequestResult = AdmissionOutcome['result'] | 'error' | 'rejected';

// The API server waits at most timeoutSeconds (1-30 s, 10 by default); policies answer in milliseconds.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class WebhookMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'mdbkit_admission_requests_total',
    help: 'Admission requests answered, by webhook, kind, operation and result (allowed, patched, denied, skipped, error, rejected).',
    labelNames: ['webhook', 'kind', 'operation', 'result', 'code'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'mdbkit_admission_request_duration_seconds',
    help: 'Time from the request reaching the webhook to its answer being written, by webhook.',
    labelNames: ['webhook'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly denials = new Counter({
    name: 'mdbkit_admission_denials_total',
    help: 'Error findings in denied requests, by rule id: which rules stop users.',
    labelNames: ['webhook', 'rule'] as const,
    registers: [this.registry],
  });
  private readonly warnings = new Counter({
    name: 'mdbkit_admission_warnings_total',
    help: 'Warnings returned to users, by rule id.',
    labelNames: ['webhook', 'rule'] as const,
    registers: [this.registry],
  });
  readonly tlsReloads = new Counter({
    name: 'mdbkit_tls_reloads_total',
    help: 'Changes of the TLS certificate files: applied, or rejected (the previous certificate stays in use).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly tlsNotAfter = new Gauge({
    name: 'mdbkit_tls_certificate_not_after_timestamp_seconds',
    help: 'When the certificate being served expires (Unix time).',
    registers: [this.registry],
  });

  /** Kind label values: the kinds mdbkit has schemas for, and Scale; any other kind is counted as `other`. */
  private readonly knownKinds: Set<string>;

  /** `offline`: started with --offline, so no lookups ever reach the cluster (an alert can tell that from a failing sync). */
  constructor(readiness: () => boolean, kinds: readonly string[], offline = false) {
    this.knownKinds = new Set([...kinds, 'Scale']);
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'mdbkit_cluster_lookups_enabled',
      help: '1 when the webhook reads the cluster (kubeconfig or service account); 0 when it was started with --offline.',
      registers: [this.registry],
    }).set(offline ? 0 : 1);
    new Gauge({
      name: 'mdbkit_webhook_ready',
      help: '1 while /readyz answers 200.',
      registers: [this.registry],
      // Read at scrape time, so the value never lags the state.
      collect() {
        this.set(readiness() ? 1 : 0);
      },
    });
  }

  answered(webhook: Webhook, outcome: AdmissionOutcome, seconds: number): void {
    this.requests.inc({ webhook, kind: this.kindLabel(outcome.kind), operation: operationLabel(outcome.operation), result: outcome.result, code: '200' });
    this.duration.observe({ webhook }, seconds);
    const warnings = new Set(outcome.warningRules);
    for (const rule of outcome.rules) {
      if (warnings.has(rule)) this.warnings.inc({ webhook, rule });
      else if (outcome.result === 'denied') this.denials.inc({ webhook, rule });
    }
  }

  failed(webhook: Webhook, result: 'error' | 'rejected', code: number, seconds: number, labels: { kind?: string; operation?: string } = {}): void {
    this.requests.inc({
      webhook,
      kind: labels.kind === undefined ? '' : this.kindLabel(labels.kind),
      operation: labels.operation === undefined ? '' : operationLabel(labels.operation),
      result,
      code: String(code),
    });
    this.duration.observe({ webhook }, seconds);
  }

  // Label values come from a closed set: a request naming a million made-up kinds must not grow the
  // registry (and the memory, and every scrape) by a million series.
  private kindLabel(kind: string): string {
    return this.knownKinds.has(kind) ? kind : 'other';
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function operationLabel(operation: string): string {
  return OPERATIONS.has(operation) ? operation : 'other';
}

// The admission webhook's HTTPS server: express on node's https, the admission routes and the probes (/metrics
// has its own port: metrics-server.ts), TLS files that reload while it runs, and a graceful drain. `mdbkit serve` and the tests both
// start it through startWebhookServer.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureVersion } from 'node:tls';
import express, { type NextFunction, type Request, type Response } from 'express';
import { addAdmissionRoutes, type AdmissionRouteDeps } from './admission-routes.js';
import type { AdmissionDeps } from './admission.js';
import { drain } from './graceful-shutdown.js';
import { WebhookMetrics } from './metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { SILENT_LOGGER, describeError, type Logger } from './request-log.js';
import { TlsReloader, certificateFacts, loadTlsPair, secureContextOptions, type TlsFiles } from './tls-files.js';

export interface ServerTimeouts {
  /** A TLS handshake must finish in this time (node's default is 120 s). */
  handshakeMs: number;
  /** The request line and headers must arrive in this time. */
  headersMs: number;
  /** The whole request, body included, must arrive in this time: well under the API server's own 30 s limit. */
  requestMs: number;
  /**
   * How long an idle keep-alive connection stays open. Longer than the API server's client keeps idle
   * connections (Go's IdleConnTimeout, 90 s), so the client always closes first and never sends a request
   * on a connection the server is closing at that moment.
   */
  keepAliveMs: number;
  /** How often node checks the two limits above (its default, 30 s, would let a slow client overstay). */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  handshakeMs: 5_000,
  headersMs: 5_000,
  requestMs: 10_000,
  keepAliveMs: 100_000,
  checkIntervalMs: 1_000,
};

/** /readyz's body offline: ready, and plain that objects referring to others are judged without them. */
export const OFFLINE_READY = 'ok: offline, no cluster lookups: objects that refer to others are judged without them\n';

export interface WebhookServerOptions {
  /** 0 for a free port. */
  port: number;
  /** Undefined for every interface. */
  address?: string;
  tls: TlsFiles;
  tlsMinVersion?: SecureVersion;
  admission: AdmissionDeps;
  /** Whether the cluster cache has synced; always true offline. */
  clusterReady?: () => boolean;
  /** Serving without cluster lookups (`--offline`): /readyz says so in its body, so a probe log or a person sees it. */
  offline?: boolean;
  logger?: Logger;
  timeouts?: Partial<ServerTimeouts>;
  tlsWatch?: { debounceMs?: number; pollIntervalMs?: number };
  /** Port for GET /metrics over plain HTTP, on the same address (0 for a free port); undefined for no metrics server. */
  metricsPort?: number;
  /** Replaces admission.ts's mutate/validate (tests of the 500 path). */
  judge?: AdmissionRouteDeps['judge'];
}

export interface WebhookServer {
  readonly port: number;
  /** `https://<address>:<port>` */
  readonly url: string;
  readonly server: Server;
  readonly metrics: WebhookMetrics;
  /** `http://<address>:<port>/metrics`, when metricsPort was given. */
  readonly metricsUrl?: string;
  ready(): boolean;
  inFlight(): number;
  /** Re-reads the TLS files now (they are also watched). */
  reloadTls(): 'applied' | 'rejected' | 'unchanged';
  /** Readiness fails, requests keep being served for `delayMs`, then the server drains (see graceful-shutdown.ts). */
  shutdown(options?: { delayMs?: number; timeoutMs?: number; hurry?: AbortSignal }): Promise<{ forced: boolean }>;
  /** shutdown() without a delay. */
  close(): Promise<void>;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const logger = options.logger ?? SILENT_LOGGER;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const minVersion = options.tlsMinVersion ?? 'TLSv1.2';
  const clusterReady = options.clusterReady ?? (() => true);
  const pair = loadTlsPair(options.tls, minVersion);

  let draining = false;
  let inFlight = 0;
  const ready = () => !draining && clusterReady();
  const metrics = new WebhookMetrics(
    ready,
    options.admission.engine.schemas.schemas.kinds.map((k) => k.kind),
    options.offline === true,
  );
  metrics.tlsNotAfter.set(new Date(certificateFacts(pair.cert).notAfter).getTime() / 1000);

  const onClose = () => inFlight--;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  addAdmissionRoutes(app, { admission: options.admission, metrics, logger, ...(options.judge ? { judge: options.judge } : {}) });

  app.get('/healthz', (req, res) => {
    res.type('text/plain').send('ok\n');
  });
  app.get('/readyz', (req, res) => {
    if (ready()) return void res.type('text/plain').send(options.offline ? OFFLINE_READY : 'ok\n');
    res
      .status(503)
      .type('text/plain')
      .send(draining ? 'shutting down\n' : 'not ready: the cluster cache has not synced yet\n');
  });
  for (const path of ['/healthz', '/readyz']) {
    app.all(path, (req, res) => {
      res.setHeader('Allow', 'GET, HEAD');
      res.status(405).json({ message: `${req.method} is not allowed on ${path}` });
    });
  }
  app.use((req, res) => {
    res.status(404).json({
      message: `${req.path} is not served: the webhook answers POST /mutate and POST /validate (probes: /healthz, /readyz; /metrics has its own port)`,
    });
  });
  // Last resort: whatever got past the routes' own handling still gets an answer, never express's HTML page.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    logger.error('unexpected error outside the admission routes', { path: req.path, ...describeError(error) });
    if (res.headersSent) return next(error);
    res.status(500).json({ message: 'internal error' });
  });

  const server = createServer(
    {
      ...secureContextOptions(pair, minVersion),
      handshakeTimeout: timeouts.handshakeMs,
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
      noDelay: true,
    },
    // Counted around the app rather than as an express middleware, which would cost every request one more
    // dispatch through the router.
    (req, res) => {
      inFlight++;
      res.once('close', onClose);
      // While draining, every answer asks the client to reconnect, which lands it on a pod that is staying.
      if (draining) res.setHeader('Connection', 'close');
      void app(req, res);
    },
  );
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.on('tlsClientError', (error) => logger.debug('tls handshake failed', { error: error.message }));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(new Error(`cannot listen on ${options.address ?? '*'}:${options.port}: ${error.message}`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.address);
  });
  // An unhandled 'error' would end the process; a failed accept (EMFILE) is worth a log line, not a crash.
  server.on('error', (error) => logger.error('server error', { error: error.message }));
  const address = server.address() as AddressInfo;

  let metricsServer: MetricsServer | undefined;
  if (options.metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer(metrics, { port: options.metricsPort, ...(options.address ? { address: options.address } : {}), logger });
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
  }

  const reloader = new TlsReloader({
    files: options.tls,
    minVersion,
    target: server,
    initial: pair,
    logger,
    ...options.tlsWatch,
    onReload: (result, loaded) => {
      metrics.tlsReloads.inc({ result });
      if (result === 'applied' && loaded) metrics.tlsNotAfter.set(new Date(certificateFacts(loaded.cert).notAfter).getTime() / 1000);
    },
  });

  let shutdownOnce: Promise<{ forced: boolean }> | undefined;
  const shutdown: WebhookServer['shutdown'] = (opts = {}) => {
    shutdownOnce ??= drain(
      {
        server,
        beginDrain: () => {
          draining = true;
        },
        inFlight: () => inFlight,
      },
      { delayMs: opts.delayMs ?? 0, timeoutMs: opts.timeoutMs ?? 20_000, logger, ...(opts.hurry ? { hurry: opts.hurry } : {}) },
    ).finally(async () => {
      reloader.close();
      // Last: a scrape during the drain still sees the requests being finished.
      await metricsServer?.close();
    });
    return shutdownOnce;
  };

  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    port: address.port,
    url: `https://${host}:${address.port}`,
    server,
    metrics,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    ready,
    inFlight: () => inFlight,
    reloadTls: () => reloader.reload(),
    shutdown,
    close: async () => {
      await shutdown({ delayMs: 0 });
    },
  };
}

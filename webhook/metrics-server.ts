// /metrics on its own port, apart from the admission port: a NetworkPolicy can then let the API server reach
// the webhook port and only the monitoring namespaces reach this one, and a scraper never shares the
// admission server's connections or limits. Plain HTTP, as Prometheus scrapes a pod by default: it carries
// counters, no objects and no secrets, and the NetworkPolicy decides who may read it.
// https://prometheus.io/docs/instrumenting/exposition_formats/
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookMetrics } from './metrics.js';
import type { Logger } from './request-log.js';

export interface MetricsServer {
  readonly port: number;
  /** `http://<address>:<port>/metrics` */
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(metrics: WebhookMetrics, options: { port: number; address?: string; logger: Logger }): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`${path} is not served here: this port serves GET /metrics only\n`);
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end(`${req.method} is not allowed on /metrics\n`);
    } else {
      metrics.text().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body),
        (error: unknown) => {
          options.logger.error('metrics could not be collected', { error: (error as Error).message });
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n');
        },
      );
    }
  });
  // A scrape is one small GET: a client that dawdles is cut as on the admission port.
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`cannot listen on ${options.address ?? '*'}:${options.port} for /metrics: ${error.message} (--metrics-port; 0 turns metrics off)`)),
    );
    server.listen(options.port, options.address, () => resolve());
  });
  server.on('error', (error) => options.logger.error('metrics server error', { error: error.message }));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    port: address.port,
    url: `http://${host}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

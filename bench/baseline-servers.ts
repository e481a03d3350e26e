// The two floors the webhook is compared with: a bare node `https` server and a bare express app on the
// same https server, each reading the same body, parsing it as JSON and answering a constant "allowed"
// AdmissionReview (echoing the uid, as any answer must). Same certificate and TLS settings as the
// webhook, so the gap between them and `mdbkit serve` is what mdbkit itself costs.
//
// Run as its own process, pinned like the webhook:
//   tsx bench/baseline-servers.ts https|express --tls-cert-file F --tls-key-file F [--port 0] [--address 127.0.0.1]
// It prints one JSON line `{"msg":"listening","port":N}` on standard output and runs until SIGTERM or SIGINT.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import express from 'express';

export type BaselineKind = 'https' | 'express';
export const BASELINE_KINDS: readonly BaselineKind[] = ['https', 'express'];

/** webhook/admission-routes.ts's limit, so that both read bodies under the same rule. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

function allow(body: unknown): string {
  const uid = (body as { request?: { uid?: unknown } } | null)?.request?.uid;
  return JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: typeof uid === 'string' ? uid : '', allowed: true } });
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** node's https and nothing else: collect the body, JSON.parse it, answer. */
function bareHandler(): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        send(res, 413, '{"message":"too large"}');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, '{"message":"not JSON"}');
      }
      send(res, 200, allow(body));
    });
  };
}

/** express as the webhook sets it up (raw body with the same limit, then JSON.parse), without mdbkit. */
function expressHandler(): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  app.use((req, res) => {
    let body: unknown;
    try {
      body = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      return void res.status(400).json({ message: 'not JSON' });
    }
    res.status(200).type('application/json').send(allow(body));
  });
  return app;
}

export async function startBaselineServer(kind: BaselineKind, options: { cert: string; key: string; port: number; address: string }): Promise<Server> {
  const server = createServer(
    {
      cert: options.cert,
      key: options.key,
      minVersion: 'TLSv1.2',
      // webhook/server.ts's DEFAULT_TIMEOUTS, so that neither side gets a different connection regime.
      handshakeTimeout: 5_000,
      requestTimeout: 10_000,
      headersTimeout: 5_000,
      keepAliveTimeout: 100_000,
      noDelay: true,
    },
    kind === 'https' ? bareHandler() : expressHandler(),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => resolve());
  });
  return server;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'tls-cert-file': { type: 'string' },
      'tls-key-file': { type: 'string' },
      port: { type: 'string', default: '0' },
      address: { type: 'string', default: '127.0.0.1' },
    },
  });
  const kind = positionals[0] as BaselineKind | undefined;
  if (!kind || !BASELINE_KINDS.includes(kind) || !values['tls-cert-file'] || !values['tls-key-file']) {
    process.stderr.write('usage: baseline-servers.ts https|express --tls-cert-file F --tls-key-file F [--port 0] [--address 127.0.0.1]\n');
    process.exit(2);
  }
  const server = await startBaselineServer(kind, {
    cert: readFileSync(values['tls-cert-file'], 'utf8'),
    key: readFileSync(values['tls-key-file'], 'utf8'),
    port: Number(values.port),
    address: values.address,
  });
  process.stdout.write(`${JSON.stringify({ msg: 'listening', kind, port: (server.address() as AddressInfo).port, pid: process.pid })}\n`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main(process.argv.slice(2));

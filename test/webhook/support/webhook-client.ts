// What the webhook tests share: a CA and server certificate in a temporary folder, a webhook server started
// in-process on a loopback port with its log captured, and an HTTPS client that trusts that CA, as the API
// server trusts the caBundle it is given.
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { request, type Agent, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { OFFLINE_READER } from '../../../policies/cluster-reader.js';
import type { PolicyEngine } from '../../../policies/policy-engine.js';
import { createPolicyEngine } from '../../../policies/registry.js';
import type { AdmissionDeps } from '../../../webhook/admission.js';
import { createCertificateAuthority, issueServerCertificate, writePem, type PemPair } from '../../../webhook/dev-certificate.js';
import { createLogger } from '../../../webhook/request-log.js';
import { startWebhookServer, type WebhookServer, type WebhookServerOptions } from '../../../webhook/server.js';

export const SERVED_GROUPS = ['enterprise.mariadb.com', 'k8s.mariadb.com'];

let sharedEngine: PolicyEngine | undefined;
/** One engine for every test file: loading the schemas takes a moment (each kind's validator loads on first use). */
export function testEngine(): PolicyEngine {
  sharedEngine ??= createPolicyEngine();
  return sharedEngine;
}

export function admissionDeps(overrides: Partial<AdmissionDeps> = {}): AdmissionDeps {
  return { engine: testEngine(), reader: OFFLINE_READER, clusterDomain: 'cluster.local', servedGroups: SERVED_GROUPS, ...overrides };
}

export interface CertificateFolder {
  dir: string;
  ca: PemPair;
  certFile: string;
  keyFile: string;
  remove(): void;
}

/** A CA, and a server certificate for localhost and 127.0.0.1 written as tls.crt / tls.key in a new folder. */
export function certificateFolder(): CertificateFolder {
  const dir = mkdtempSync(join(tmpdir(), 'mdbkit-webhook-test-'));
  const ca = createCertificateAuthority('mdbkit test CA');
  const server = issueServerCertificate(ca);
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  writePem(certFile, server.certPem, false);
  writePem(keyFile, server.keyPem, true);
  return { dir, ca, certFile, keyFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestServer {
  server: WebhookServer;
  certs: CertificateFolder;
  /** Every log line written so far, raw. */
  logLines: string[];
  logs(): Array<Record<string, unknown>>;
  client: WebhookClient;
  /** GET /metrics on the metrics port (plain HTTP). */
  scrape(): Promise<PlainAnswer>;
  stop(): Promise<void>;
}

export async function startTestServer(options: Partial<WebhookServerOptions> = {}): Promise<TestServer> {
  const certs = certificateFolder();
  const logLines: string[] = [];
  const server = await startWebhookServer({
    port: 0,
    address: '127.0.0.1',
    tls: { certFile: certs.certFile, keyFile: certs.keyFile },
    admission: admissionDeps(),
    logger: createLogger('debug', (line) => logLines.push(line)),
    metricsPort: 0,
    ...options,
  });
  return {
    server,
    certs,
    logLines,
    logs: () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>),
    client: new WebhookClient(server.port, certs.ca.certPem),
    scrape: () => (server.metricsUrl ? httpGetText(server.metricsUrl) : Promise.reject(new Error('this test server was started with no metrics port'))),
    stop: async () => {
      await server.close();
      certs.remove();
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The peer certificate's SHA-256 fingerprint, as this connection saw it. */
  fingerprint256: string;
  json<T = unknown>(): T;
}

export class WebhookClient {
  constructor(
    readonly port: number,
    readonly ca: string,
    readonly host = '127.0.0.1',
  ) {}

  send(
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string | number> = {},
    extra: Partial<RequestOptions> & { agent?: Agent | false } = {},
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.host, port: this.port, method, path, ca: this.ca, servername: 'localhost', agent: false, timeout: 20_000, headers, ...extra },
        (res) => {
          const chunks: Buffer[] = [];
          const socket = res.socket as TLSSocket;
          const fingerprint256 = socket.getPeerCertificate().fingerprint256;
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, fingerprint256, json: <T>() => JSON.parse(text) as T });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** POSTs `body` (an object is sent as JSON) with Content-Type application/json unless `headers` says otherwise. */
  post(
    path: string,
    body: unknown,
    headers: Record<string, string | number> = {},
    extra: Partial<RequestOptions> & { agent?: Agent | false } = {},
  ): Promise<HttpAnswer> {
    const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return this.send('POST', path, payload, { 'content-type': 'application/json', ...headers }, extra);
  }

  get(path: string): Promise<HttpAnswer> {
    return this.send('GET', path);
  }
}

export interface PlainAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A plain-HTTP GET (the metrics port), bounded at 20 s. */
export function httpGetText(url: string): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer in time`)));
    req.on('error', reject);
  });
}

/** `# TYPE`-less samples of a Prometheus text exposition: `name{labels}` → value. */
export function metricSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

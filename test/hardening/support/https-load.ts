// A sustained load on a webhook: workers that each send captured AdmissionReviews one after the other until told
// to stop, the way API server replicas keep calling. A worker keeps one keep-alive connection, opens a new one for
// every request (a new TLS handshake each time), or trickles its bodies in over about a second (a slow network).
// Every request is recorded with when it started and ended and what came back, so a test can tell whether a
// request was lost and what the server did around an event (a signal, a certificate change).
import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { admissionRequests, type AdmissionFixture } from '../../support/fixtures.js';

export type WorkerStyle = 'keep-alive' | 'new-connection' | 'trickle';

export interface Exchange {
  worker: number;
  style: WorkerStyle;
  file: string;
  uid: string;
  startedAt: number;
  endedAt: number;
  status?: number;
  connection?: string;
  fingerprint256?: string;
  /** Why no well-formed 200 echoing the uid came back. */
  failure?: string;
}

export interface LoadTarget {
  port: number;
  ca: string;
  host?: string;
}

const FIXTURES = admissionRequests();

export class SustainedLoad {
  readonly exchanges: Exchange[] = [];
  private stopping = false;
  private readonly workers: Array<Promise<void>> = [];
  private readonly agents: Agent[] = [];
  private sequence = 0;

  constructor(
    private readonly target: LoadTarget,
    private readonly styles: readonly WorkerStyle[],
    private readonly fixtures: readonly AdmissionFixture[] = FIXTURES,
  ) {}

  start(): this {
    this.styles.forEach((style, worker) => {
      const agent = style === 'keep-alive' ? new Agent({ keepAlive: true, maxSockets: 1, ca: this.target.ca }) : undefined;
      if (agent) this.agents.push(agent);
      this.workers.push(this.run(worker, style, agent));
    });
    return this;
  }

  /** No new request from now on; resolves once every request already sent has ended. */
  async stop(): Promise<Exchange[]> {
    this.stopping = true;
    await Promise.all(this.workers);
    for (const agent of this.agents) agent.destroy();
    return this.exchanges;
  }

  /** One more request, outside the workers (worker -1): to have one in flight at a chosen moment. */
  once(style: WorkerStyle): Promise<Exchange> {
    return this.exchange(-1, style, undefined);
  }

  private async run(worker: number, style: WorkerStyle, agent: Agent | undefined): Promise<void> {
    while (!this.stopping) await this.exchange(worker, style, agent);
  }

  private async exchange(worker: number, style: WorkerStyle, agent: Agent | undefined): Promise<Exchange> {
    const n = this.sequence++;
    const fixture = this.fixtures[n % this.fixtures.length]!;
    // A uid of its own per request: an answer meant for another request cannot pass for this one's.
    const uid = `load-${worker}-${n}`;
    const body = Buffer.from(JSON.stringify({ ...fixture.body, request: { ...fixture.body.request, uid } }));
    const exchange: Exchange = { worker, style, file: fixture.file, uid, startedAt: performance.now(), endedAt: 0 };
    this.exchanges.push(exchange);
    try {
      const answer = await this.send(fixture.path, body, style, agent);
      exchange.status = answer.status;
      exchange.connection = answer.connection;
      exchange.fingerprint256 = answer.fingerprint256;
      const echoed = answer.status === 200 ? (JSON.parse(answer.text) as { response?: { uid?: string } }).response?.uid : undefined;
      if (answer.status !== 200 || echoed !== uid) exchange.failure = `${answer.status} ${answer.text.slice(0, 200)}`;
    } catch (error) {
      exchange.failure = `${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`.trim();
    }
    exchange.endedAt = performance.now();
    return exchange;
  }

  private send(
    path: string,
    body: Buffer,
    style: WorkerStyle,
    agent: Agent | undefined,
  ): Promise<{ status: number; text: string; connection?: string; fingerprint256?: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.target.host ?? '127.0.0.1',
          port: this.target.port,
          method: 'POST',
          path,
          ca: this.target.ca,
          servername: 'localhost',
          agent: agent ?? false,
          timeout: 30_000,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          const fingerprint256 = (res.socket as TLSSocket).getPeerCertificate?.().fingerprint256;
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), connection: res.headers.connection, fingerprint256 }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', reject);
      if (style !== 'trickle') return void req.end(body);
      // Ten pieces, 100 ms apart: the request is in flight for about a second.
      const pieces = 10;
      const size = Math.ceil(body.length / pieces);
      let sent = 0;
      const next = () => {
        const piece = body.subarray(sent * size, (sent + 1) * size);
        sent++;
        if (sent >= pieces) req.end(piece);
        else {
          req.write(piece);
          setTimeout(next, 100);
        }
      };
      next();
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Slow clients cannot hold the webhook: a client trickling its headers, its body or its TLS handshake a byte at a
// time (never idle, so an idle timeout alone would not cut it) is cut at the header, request or handshake limit,
// and while a hundred of them are connected other clients are answered at once. server-transport.test.ts covers
// clients that stall completely; this file covers the ones that keep sending, slowly.
import { strict as assert } from 'node:assert';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { admissionRequests } from '../support/fixtures.js';
import { DEFAULT_TIMEOUTS } from '../../webhook/server.js';
import { startTestServer, type TestServer } from '../webhook/support/webhook-client.js';

const LIMITS = { headersMs: 400, requestMs: 800, handshakeMs: 400, checkIntervalMs: 100 };
/** The limit plus two checking intervals and room for a loaded machine. */
const CUT_WITHIN_MS = LIMITS.requestMs + 2 * LIMITS.checkIntervalMs + 1500;

interface Trickle {
  /** Resolves when the server has closed the connection: what it sent, and after how long. */
  closed: Promise<{ text: string; ms: number; bytesSent: number }>;
  stop(): void;
}

/** Opens a connection and sends `head` at once, then `drip` one byte every `everyMs`, forever. */
function trickle(t: TestServer, head: string, drip: string, everyMs = 40, tls = true): Trickle {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let bytesSent = 0;
  let socket: Socket;
  const closed = new Promise<{ text: string; ms: number; bytesSent: number }>((resolve) => {
    let text = '';
    const begin = () => {
      socket.write(head);
      let i = 0;
      timer = setInterval(() => {
        if (socket.destroyed) return;
        socket.write(drip[i++ % drip.length]!);
        bytesSent++;
      }, everyMs);
    };
    socket = tls
      ? tlsConnect({ host: '127.0.0.1', port: t.server.port, ca: t.certs.ca.certPem, servername: 'localhost' }, begin)
      : netConnect({ host: '127.0.0.1', port: t.server.port }, begin);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, ms: performance.now() - started, bytesSent });
    });
  });
  return { closed, stop: () => socket.destroy() };
}

/** Rejects if `promise` takes longer than `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

describe('hardening: slow clients', function () {
  this.timeout(300_000);
  let t: TestServer;
  const open: Trickle[] = [];
  before(async () => {
    t = await startTestServer({ timeouts: LIMITS });
  });
  afterEach(() => {
    for (const slow of open.splice(0)) slow.stop();
  });
  after(async () => {
    await t?.stop();
  });

  const slowHeaders = () => trickle(t, 'POST /mutate HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', 'abcdefghijklmnopqrstuvwxyz');
  const slowBody = () =>
    trickle(
      t,
      'POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"kind":"AdmissionReview","x":"',
      'aaaaaaaa',
    );

  it('has request, header, handshake and keep-alive limits by default, the request limit well under the API server’s 30 s', async () => {
    const plain = await startTestServer();
    try {
      const server = plain.server.server;
      assert.equal(server.headersTimeout, DEFAULT_TIMEOUTS.headersMs);
      assert.equal(server.requestTimeout, DEFAULT_TIMEOUTS.requestMs);
      assert.equal(server.keepAliveTimeout, DEFAULT_TIMEOUTS.keepAliveMs);
      assert.ok(server.headersTimeout > 0 && server.headersTimeout <= server.requestTimeout, 'headers must come within the request limit');
      assert.ok(server.requestTimeout > 0 && server.requestTimeout <= 15_000, 'a request gets at most half the API server’s longest webhook timeout');
      assert.ok(DEFAULT_TIMEOUTS.handshakeMs > 0 && DEFAULT_TIMEOUTS.handshakeMs <= 10_000);
      assert.ok(DEFAULT_TIMEOUTS.checkIntervalMs <= 1_000, 'the limits are checked often enough to matter');
    } finally {
      await plain.stop();
    }
  });

  it('cuts a client that trickles its headers a byte at a time, with a 408', async () => {
    const slow = slowHeaders();
    open.push(slow);
    const { text, ms, bytesSent } = await within(CUT_WITHIN_MS + 1000, 'trickled headers', slow.closed);
    assert.match(text, /^HTTP\/1\.1 408/);
    assert.ok(bytesSent > 3, `it kept sending (${bytesSent} bytes) and was cut anyway`);
    assert.ok(ms < CUT_WITHIN_MS, `cut after ${Math.round(ms)} ms`);
  });

  it('cuts a client that trickles its body a byte at a time, without judging half a review', async () => {
    const slow = slowBody();
    open.push(slow);
    const { text, ms, bytesSent } = await within(CUT_WITHIN_MS + 1000, 'trickled body', slow.closed);
    assert.doesNotMatch(text, /^HTTP\/1\.1 200/);
    assert.ok(bytesSent > 3, `it kept sending (${bytesSent} bytes) and was cut anyway`);
    assert.ok(ms < CUT_WITHIN_MS, `cut after ${Math.round(ms)} ms`);
  });

  it('cuts a client that trickles its TLS handshake', async () => {
    // The first bytes of a TLS 1.2 ClientHello record, then one byte at a time.
    const hello = Buffer.from('16030100c4010000c00303', 'hex').toString('latin1');
    // 100 ms a byte: the bytes that make the hello invalid come seconds after the handshake limit.
    const slow = trickle(t, hello.slice(0, 3), `${hello.slice(3)}${'\u0000'.repeat(200)}`, 100, false);
    open.push(slow);
    const { ms, bytesSent } = await within(CUT_WITHIN_MS + 1000, 'trickled handshake', slow.closed);
    assert.ok(bytesSent >= 2, `it kept sending (${bytesSent} bytes)`);
    assert.ok(ms < LIMITS.handshakeMs + 1000, `cut after ${Math.round(ms)} ms`);
  });

  it('answers other clients while a hundred slow clients are connected, and then cuts every slow one', async () => {
    // Longer limits here, so that "while they are connected" is a window of more than a second.
    const roomy = await startTestServer({ timeouts: { headersMs: 1500, requestMs: 2000, handshakeMs: 1500, checkIntervalMs: 100 } });
    try {
      const slow = Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? trickle(roomy, 'POST /mutate HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', 'abcdefghijklmnopqrstuvwxyz')
          : trickle(
              roomy,
              'POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"kind":"AdmissionReview","x":"',
              'aaaaaaaa',
            ),
      );
      open.push(...slow);
      let firstCut = Number.POSITIVE_INFINITY;
      for (const s of slow) void s.closed.then(() => (firstCut = Math.min(firstCut, performance.now())));
      const fixture = admissionRequests().find((f) => f.file.startsWith('003'))!;
      const answeredAt: number[] = [];
      // Requests on new connections, one after the other, until the first slow client is cut.
      while (performance.now() < firstCut && answeredAt.length < 1000) {
        const answer = await roomy.client.post(fixture.path, fixture.body);
        assert.equal(answer.status, 200, answer.text);
        answeredAt.push(performance.now());
      }
      const meanwhile = answeredAt.filter((at) => at < firstCut).length;
      // A server the slow clients blocked would answer none in that window; how many more depends on the machine's load.
      assert.ok(meanwhile >= 1, `no request answered while the slow clients held their connections`);
      const closed = await within(2000 + CUT_WITHIN_MS + 3000, 'a slow client', Promise.all(slow.map((s) => s.closed)));
      const lasted = Math.max(...closed.map((c) => c.ms));
      assert.ok(lasted < 2000 + CUT_WITHIN_MS, `the last slow client was cut after ${Math.round(lasted)} ms`);
    } finally {
      await roomy.stop();
    }
  });
});

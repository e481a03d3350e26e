// TLS 1.0 and 1.1 handshakes are refused. Two independent ways: node's own client, allowed to speak TLS 1.0/1.1
// (proven by a control server that accepts it), is refused by the webhook; and a hand-written TLS 1.0/1.1
// ClientHello, which depends on no client library, is answered with a protocol_version alert, never a ServerHello.
// tls-reload.test.ts covers TLS 1.2 accepted by default and refused with --tls-min-version 1.3;
// serve-options.test.ts covers --tls-min-version 1.1 refused as an option; tls-ciphers.test.ts the TLS 1.2 suites (ECDHE with AEAD only).
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer, type SecureVersion, type Server as TlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { issueServerCertificate } from '../../webhook/dev-certificate.js';
import { startTestServer, type TestServer } from '../webhook/support/webhook-client.js';

const OLD_VERSIONS: ReadonlyArray<[SecureVersion, number]> = [
  ['TLSv1', 0x0301],
  ['TLSv1.1', 0x0302],
];

/** Handshakes with exactly `version`, allowing the legacy ciphers it needs; resolves with the negotiated protocol or the error. */
function handshake(port: number, ca: string, version: SecureVersion): Promise<{ protocol?: string | null; error?: string }> {
  return new Promise((resolve) => {
    const socket = tlsConnect(
      { host: '127.0.0.1', port, ca, servername: 'localhost', minVersion: version, maxVersion: version, ciphers: 'DEFAULT:@SECLEVEL=0' },
      () => {
        const protocol = socket.getProtocol();
        socket.end();
        resolve({ protocol });
      },
    );
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ error: `${error.code ?? ''} ${error.message}` }));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

/**
 * A minimal ClientHello for `version` with TLS_RSA_WITH_AES_128_CBC_SHA and ECDHE-RSA-AES128-SHA, no extensions;
 * resolves with the first record the server sends back (empty when it just closes).
 */
function rawHello(port: number, version: number): Promise<Buffer> {
  const suites = Buffer.from('002fc013c014', 'hex');
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    randomBytes(32),
    Buffer.from([0]), // no session id
    Buffer.from([0, suites.length]),
    suites,
    Buffer.from([1, 0]), // null compression
  ]);
  const handshakeMessage = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  const record = Buffer.concat([Buffer.from([0x16, 0x03, 0x01, handshakeMessage.length >> 8, handshakeMessage.length & 0xff]), handshakeMessage]);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = netConnect({ host: '127.0.0.1', port }, () => socket.write(record));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const received = Buffer.concat(chunks);
      if (received.length >= 5 && received.length >= 5 + received.readUInt16BE(3)) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe('hardening: TLS 1.0 and 1.1 are refused', function () {
  this.timeout(300_000);
  let t: TestServer;
  let control: TlsServer;
  let controlPort: number;

  before(async () => {
    t = await startTestServer();
    // The control: a server that does accept TLS 1.0 and 1.1, to prove the client below can speak them.
    const pair = issueServerCertificate(t.certs.ca);
    control = createTlsServer({ cert: pair.certPem, key: pair.keyPem, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }, (socket) => socket.end());
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    controlPort = (control.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => (control ? control.close(() => resolve()) : resolve()));
    await t?.stop();
  });

  for (const [version, code] of OLD_VERSIONS) {
    it(`refuses a ${version} handshake from a client that can speak it`, async function () {
      const proof = await handshake(controlPort, t.certs.ca.certPem, version);
      // This OpenSSL build cannot speak the old version at all: a refusal would prove nothing.
      if (proof.protocol !== version) this.skip();
      const refused = await handshake(t.server.port, t.certs.ca.certPem, version);
      assert.equal(refused.protocol, undefined, `the webhook negotiated ${refused.protocol}`);
      assert.match(refused.error ?? '', /protocol version|unsupported protocol|wrong version|no protocols available/i);
    });

    it(`answers a hand-written ${version} ClientHello with a protocol_version alert, not a ServerHello`, async () => {
      const answer = await rawHello(t.server.port, code);
      assert.ok(answer.length > 0, 'the server answers before closing');
      assert.notEqual(answer[0], 0x16, `a handshake record (ServerHello) came back: ${answer.subarray(0, 16).toString('hex')}`);
      assert.equal(answer[0], 0x15, `an alert record: ${answer.subarray(0, 16).toString('hex')}`);
      assert.deepEqual([...answer.subarray(5, 7)], [2, 70], 'fatal protocol_version');
    });
  }

  it('still speaks TLS 1.2 and 1.3 after refusing them', async () => {
    for (const version of ['TLSv1.2', 'TLSv1.3'] as const) assert.equal((await handshake(t.server.port, t.certs.ca.certPem, version)).protocol, version);
    assert.equal((await t.client.get('/healthz')).status, 200);
  });
});

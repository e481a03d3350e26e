// TLS 1.2 without forward secrecy (static RSA key exchange) or with CBC/SHA-1 suites is refused, before and
// after a certificate reload (a reload replaces the whole secure context, suites included). A control server
// with node's default suites accepts the same clients, so a refusal proves the webhook's list, not a client
// that cannot speak the suite. TLS 1.3 and an ECDHE-GCM TLS 1.2 suite still work.
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer, type SecureVersion, type Server as TlsServer } from 'node:tls';
import { issueServerCertificate, writePem } from '../../webhook/dev-certificate.js';
import { startTestServer, type TestServer } from '../webhook/support/webhook-client.js';

interface Handshake {
  protocol?: string | null;
  cipher?: string;
  error?: string;
}

function handshake(port: number, ca: string, version: SecureVersion, ciphers?: string): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tlsConnect(
      { host: '127.0.0.1', port, ca, servername: 'localhost', minVersion: version, maxVersion: version, ...(ciphers ? { ciphers } : {}) },
      () => {
        const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().standardName };
        socket.end();
        resolve(result);
      },
    );
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ error: `${error.code ?? ''} ${error.message}` }));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

const REFUSED: ReadonlyArray<[string, string]> = [
  ['static RSA key exchange (no forward secrecy)', 'AES128-GCM-SHA256'],
  ['static RSA with AES-256-GCM', 'AES256-GCM-SHA384'],
  ['CBC with a SHA-1 MAC', 'ECDHE-RSA-AES128-SHA'],
  ['CBC with SHA-256', 'ECDHE-RSA-AES128-SHA256'],
];

describe('hardening: TLS 1.2 suites are ECDHE with AEAD only', function () {
  this.timeout(300_000);
  let t: TestServer;
  let control: TlsServer;
  let controlPort: number;

  before(async () => {
    t = await startTestServer();
    // The control: node's default suites, which include the ones the webhook must refuse.
    const pair = issueServerCertificate(t.certs.ca);
    control = createTlsServer({ cert: pair.certPem, key: pair.keyPem }, (socket) => socket.end());
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    controlPort = (control.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => (control ? control.close(() => resolve()) : resolve()));
    await t?.stop();
  });

  const refusesAll = async () => {
    for (const [what, suite] of REFUSED) {
      const proof = await handshake(controlPort, t.certs.ca.certPem, 'TLSv1.2', suite);
      assert.equal(proof.protocol, 'TLSv1.2', `the control server speaks ${suite}: ${proof.error ?? ''}`);
      const refused = await handshake(t.server.port, t.certs.ca.certPem, 'TLSv1.2', suite);
      assert.equal(refused.protocol, undefined, `the webhook accepted ${what} (${suite})`);
      assert.match(refused.error ?? '', /handshake failure|no shared cipher|sslv3 alert/i, `${suite}: ${refused.error}`);
    }
  };

  it('refuses TLS 1.2 clients that offer only static RSA or CBC suites', refusesAll);

  it('accepts TLS 1.2 with ECDHE and AES-GCM or ChaCha20-Poly1305, and TLS 1.3', async () => {
    for (const suite of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305']) {
      const result = await handshake(t.server.port, t.certs.ca.certPem, 'TLSv1.2', suite);
      assert.equal(result.protocol, 'TLSv1.2', `${suite}: ${result.error ?? ''}`);
    }
    const tls13 = await handshake(t.server.port, t.certs.ca.certPem, 'TLSv1.3');
    assert.equal(tls13.protocol, 'TLSv1.3', tls13.error);
    assert.match(tls13.cipher ?? '', /^TLS_(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305)_SHA(256|384)$/);
  });

  it('a client offering every suite gets an ECDHE AEAD one on TLS 1.2', async () => {
    const result = await handshake(t.server.port, t.certs.ca.certPem, 'TLSv1.2', 'ALL');
    assert.equal(result.protocol, 'TLSv1.2', result.error);
    assert.match(result.cipher ?? '', /^TLS_ECDHE_RSA_WITH_(AES_\d+_GCM_SHA\d+|CHACHA20_POLY1305_SHA256)$/);
  });

  it('keeps the same suites after the certificate is reloaded', async () => {
    const renewed = issueServerCertificate(t.certs.ca);
    writePem(t.certs.certFile, renewed.certPem, false);
    writePem(t.certs.keyFile, renewed.keyPem, true);
    assert.equal(t.server.reloadTls(), 'applied');
    await refusesAll();
    assert.equal((await handshake(t.server.port, t.certs.ca.certPem, 'TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256')).protocol, 'TLSv1.2');
    assert.equal((await handshake(t.server.port, t.certs.ca.certPem, 'TLSv1.3')).protocol, 'TLSv1.3');
  });
});

// The serving certificate replaced on disk while the webhook runs, the ways it happens in practice: files
// renamed over the old ones (cert-manager's csi driver, an operator's script) and kubelet's swap of a Secret
// volume's `..data` symlink. A new handshake sees the new certificate; a keep-alive connection opened before
// keeps working; files that do not make a pair are refused and the current certificate kept.
import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { issueServerCertificate, writePem, type PemPair } from '../../webhook/dev-certificate.js';
import { certificateFolder, metricSamples, startTestServer, WebhookClient, type CertificateFolder, type TestServer } from './support/webhook-client.js';
import { eventually } from '../support/eventually.js';

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
const FAST_WATCH = { debounceMs: 50, pollIntervalMs: 200 };

/** Writes a pair beside the live files, then renames each over its target: no reader ever sees half a file. */
function replaceByRename(certs: CertificateFolder, pair: PemPair): void {
  writePem(`${certs.certFile}.new`, pair.certPem, false);
  writePem(`${certs.keyFile}.new`, pair.keyPem, true);
  renameSync(`${certs.certFile}.new`, certs.certFile);
  renameSync(`${certs.keyFile}.new`, certs.keyFile);
}

describe('TLS files reloaded while the server runs', function () {
  this.timeout(300_000);

  describe('replaced by rename', () => {
    let t: TestServer;
    let keepAlive: Agent;
    before(async () => {
      t = await startTestServer({ tlsWatch: FAST_WATCH });
      keepAlive = new Agent({ keepAlive: true, maxSockets: 1, ca: t.certs.ca.certPem });
    });
    after(async () => {
      keepAlive?.destroy();
      await t?.stop();
    });

    it('serves the new certificate on new handshakes, and keeps a connection opened before', async () => {
      const original = fingerprint(readFileSync(t.certs.certFile, 'utf8'));
      const first = await t.client.send('GET', '/healthz', undefined, {}, { agent: keepAlive });
      assert.equal(first.status, 200);
      assert.equal(first.fingerprint256, original);
      const oldSocket = Object.values(keepAlive.freeSockets).flat()[0];
      assert.ok(oldSocket, 'the keep-alive connection is open and idle');

      const renewed = issueServerCertificate(t.certs.ca);
      replaceByRename(t.certs, renewed);
      const seen = await eventually('the new certificate on a new connection', async () => {
        const answer = await t.client.get('/healthz');
        return answer.fingerprint256 === fingerprint(renewed.certPem) ? answer : undefined;
      });
      assert.equal(seen.status, 200);

      // The connection from before the renewal is still open, still on the certificate it was opened with.
      assert.ok(!oldSocket.destroyed, 'the old connection was not dropped');
      const again = await t.client.send('GET', '/readyz', undefined, {}, { agent: keepAlive });
      assert.equal(again.status, 200);
      assert.equal(again.fingerprint256, original);
      assert.equal(Object.values(keepAlive.freeSockets).flat()[0], oldSocket, 'the same socket answered');

      const metrics = metricSamples((await t.scrape()).text);
      assert.equal(metrics.get('mdbkit_tls_reloads_total{result="applied"}'), 1);
      assert.ok(t.logs().some((line) => line.msg === 'tls certificate reloaded' && line.fingerprint256 === fingerprint(renewed.certPem)));
    });

    it('keeps the current certificate when the new files do not make a pair, and takes them once they do', async () => {
      const current = (await t.client.get('/healthz')).fingerprint256;
      const next = issueServerCertificate(t.certs.ca);
      const stranger = issueServerCertificate(t.certs.ca);
      // A renewal caught half way: the new certificate, the old... here a foreign key.
      writePem(t.certs.certFile, next.certPem, false);
      writePem(t.certs.keyFile, stranger.keyPem, true);
      await eventually('the refusal in the log', async () => (t.logs().some((line) => String(line.msg).includes('do not load')) ? true : undefined));
      const during = await t.client.get('/healthz');
      assert.equal(during.status, 200);
      assert.equal(during.fingerprint256, current, 'still the previous certificate');
      const refusal = t.logs().find((line) => String(line.msg).includes('do not load'))!;
      assert.equal(refusal.level, 'warn');
      assert.ok(!JSON.stringify(refusal).includes('PRIVATE KEY'), 'no key material in the log');

      writePem(t.certs.keyFile, next.keyPem, true);
      await eventually('the completed pair', async () => ((await t.client.get('/healthz')).fingerprint256 === fingerprint(next.certPem) ? true : undefined));
      const metrics = metricSamples((await t.scrape()).text);
      assert.ok((metrics.get('mdbkit_tls_reloads_total{result="rejected"}') ?? 0) >= 1);
    });
  });

  describe('a Kubernetes Secret volume (kubelet swaps the ..data symlink)', () => {
    let t: TestServer;
    let volume: CertificateFolder;
    before(async () => {
      volume = certificateFolder();
      // The layout kubelet's atomic writer makes: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/
      const mount = join(volume.dir, 'mount');
      mkdirSync(join(mount, '..2026_01_01_v1'), { recursive: true });
      writeFileSync(join(mount, '..2026_01_01_v1', 'tls.crt'), readFileSync(volume.certFile));
      writeFileSync(join(mount, '..2026_01_01_v1', 'tls.key'), readFileSync(volume.keyFile));
      symlinkSync('..2026_01_01_v1', join(mount, '..data'));
      symlinkSync('..data/tls.crt', join(mount, 'tls.crt'));
      symlinkSync('..data/tls.key', join(mount, 'tls.key'));
      t = await startTestServer({ tls: { certFile: join(mount, 'tls.crt'), keyFile: join(mount, 'tls.key') }, tlsWatch: FAST_WATCH });
      t.client = new WebhookClient(t.server.port, volume.ca.certPem);
    });
    after(async () => {
      await t?.stop();
      volume?.remove();
    });

    it('serves the new certificate after the swap', async () => {
      const mount = join(volume.dir, 'mount');
      const renewed = issueServerCertificate(volume.ca);
      mkdirSync(join(mount, '..2026_02_01_v2'));
      writeFileSync(join(mount, '..2026_02_01_v2', 'tls.crt'), renewed.certPem);
      writeFileSync(join(mount, '..2026_02_01_v2', 'tls.key'), renewed.keyPem, { mode: 0o600 });
      symlinkSync('..2026_02_01_v2', join(mount, '..data_tmp'));
      renameSync(join(mount, '..data_tmp'), join(mount, '..data'));
      await eventually('the swapped certificate', async () =>
        (await t.client.get('/healthz')).fingerprint256 === fingerprint(renewed.certPem) ? true : undefined,
      );
    });
  });

  describe('minimum TLS version', () => {
    let tls12: TestServer;
    let tls13: TestServer;
    before(async () => {
      tls12 = await startTestServer();
      tls13 = await startTestServer({ tlsMinVersion: 'TLSv1.3' });
    });
    after(async () => {
      await tls12?.stop();
      await tls13?.stop();
    });

    it('accepts TLS 1.2 by default, and refuses it when the minimum is 1.3', async () => {
      const ok = await tls12.client.send('GET', '/healthz', undefined, {}, { maxVersion: 'TLSv1.2' });
      assert.equal(ok.status, 200);
      await assert.rejects(tls13.client.send('GET', '/healthz', undefined, {}, { maxVersion: 'TLSv1.2' }), /protocol version|alert|handshake|ECONNRESET/i);
      assert.equal((await tls13.client.get('/healthz')).status, 200);
    });
  });
});

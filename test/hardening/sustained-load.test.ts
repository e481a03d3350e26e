// The webhook under a sustained load, for seconds rather than a burst: SIGTERM to the real `mdbkit serve` loses no
// request (including requests still arriving, slowly, when the listener closes); replacing the TLS files again and
// again loses no request and new connections get the new certificate; and the process keeps no more memory after
// 7,500 requests than after 1,500, nor after 1,000 requests that each name a kind and an operation of their own.
// (serve-binary.test.ts already covers one burst of 50 requests around SIGTERM.)
import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { renameSync } from 'node:fs';
import { Agent } from 'node:https';
import { fileURLToPath } from 'node:url';
import { issueServerCertificate, writePem } from '../../webhook/dev-certificate.js';
import { admissionRequests } from '../support/fixtures.js';
import { freePort, isolatedEnv, spawnServe, type ServeProcess } from '../webhook/support/serve-process.js';
import {
  certificateFolder,
  httpGetText,
  metricSamples,
  startTestServer,
  WebhookClient,
  type CertificateFolder,
  type TestServer,
} from '../webhook/support/webhook-client.js';
import { runPool } from './support/bounded-pool.js';
import { SustainedLoad, sleep, type WorkerStyle } from './support/https-load.js';
import { eventually } from '../support/eventually.js';

async function ready(client: WebhookClient): Promise<void> {
  await eventually('the webhook to become ready', async () => (await client.get('/readyz')).status === 200);
}

const describeFailures = (failures: Array<{ uid: string; style: string; failure?: string }>) =>
  failures
    .slice(0, 8)
    .map((f) => `${f.uid} (${f.style}): ${f.failure}`)
    .join('\n');

describe('hardening: a sustained load', function () {
  this.timeout(300_000);

  describe('mdbkit serve (the binary)', () => {
    let certs: CertificateFolder;
    let child: ServeProcess | undefined;
    before(() => {
      certs = certificateFolder();
    });
    afterEach(() => child?.stop());
    after(() => certs?.remove());

    const start = async (extra: string[], env: Record<string, string> = {}) => {
      child = spawnServe(['--tls-cert-file', certs.certFile, '--tls-key-file', certs.keyFile, '--port', '0', '--address', '127.0.0.1', '--offline', ...extra], {
        env: isolatedEnv(env),
      });
      const { port } = (await child.waitForLine((line) => line.msg === 'listening')) as { port: number };
      const client = new WebhookClient(port, certs.ca.certPem);
      await ready(client);
      return { port, client };
    };

    it('loses no request to SIGTERM: sustained keep-alive, new-connection and trickling clients, some still sending when the listener closes', async () => {
      const delayMs = 2000;
      const { port } = await start(['--shutdown-delay', `${delayMs}ms`]);
      const styles: WorkerStyle[] = [...Array(8).fill('keep-alive'), ...Array(4).fill('new-connection'), ...Array(4).fill('trickle')];
      const load = new SustainedLoad({ port, ca: certs.ca.certPem }, styles).start();
      await sleep(2500);
      const signalAt = performance.now();
      child!.child.kill('SIGTERM');
      // Endpoints stop routing to a terminating pod within the delay: the clients stop starting requests before it
      // ends. Four requests started just before, trickling their bodies for about a second, are still arriving
      // when the listener closes.
      await sleep(delayMs - 500);
      const late = Promise.all(Array.from({ length: 4 }, () => load.once('trickle')));
      const exchanges = await load.stop();
      const lastOnes = await late;
      const exit = await Promise.race([child!.exited, sleep(30_000).then(() => 'timeout' as const)]);

      const failures = exchanges.filter((e) => e.failure !== undefined);
      assert.equal(failures.length, 0, `${failures.length} of ${exchanges.length} requests lost:\n${describeFailures(failures)}`);
      const afterSignal = exchanges.filter((e) => e.startedAt > signalAt + 100);
      assert.ok(afterSignal.length > 20, `${afterSignal.length} requests started after SIGTERM`);
      for (const e of afterSignal) assert.equal(e.connection, 'close', `${e.uid}: answers while draining ask the client to reconnect`);
      const closeAt = signalAt + delayMs;
      for (const e of lastOnes)
        assert.ok(
          e.startedAt < closeAt - 300 && e.endedAt > closeAt + 100,
          `${e.uid} was in flight when the listener closed (${Math.round(e.startedAt - signalAt)} to ${Math.round(e.endedAt - signalAt)} ms after SIGTERM)`,
        );

      assert.deepEqual(exit, { code: 0, signal: null });
      const logged = child!.lines.filter((line) => line.msg === 'admission').length;
      assert.equal(logged, exchanges.length, 'every request answered is logged once');
      assert.ok(child!.lines.some((line) => line.msg === 'shutdown complete: every request answered'));
      assert.equal(child!.stderr(), '');
    });

    /** Full garbage collection in the server (test/support/gc-on-signal.cjs), then what it still holds. */
    const collected = async () => {
      const count = child!.lines.filter((line) => line.msg === 'gc-on-signal: collected').length + 1;
      child!.child.kill('SIGUSR2');
      const line = await child!.waitForLine((l) => l.msg === 'gc-on-signal: collected' && l.count === count, 10_000);
      return { heap: line.heapUsed as number, rss: line.rss as number };
    };
    const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    const withGc = { NODE_OPTIONS: `--expose-gc --require "${fileURLToPath(new URL('../support/gc-on-signal.cjs', import.meta.url))}"` };

    it('keeps its memory flat over 7,500 requests: good, malformed, and on new connections', async () => {
      const { client } = await start(['--shutdown-delay', '0'], withGc);
      const fixtures = admissionRequests();
      const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: certs.ca.certPem });
      const bodies = fixtures.map((f) => ({ path: f.path, body: JSON.stringify(f.body) }));
      const odd = [
        { path: '/mutate', body: '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":' },
        { path: '/validate', body: '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1beta1","request":{"uid":"x"}}' },
        {
          path: '/mutate',
          body: JSON.stringify({
            ...fixtures[2]!.body,
            request: { ...fixtures[2]!.body.request, object: { ...fixtures[2]!.body.request.object, spec: { mariaDbRef: { name: 'x'.repeat(200_000) } } } },
          }),
        },
        { path: '/nowhere', body: '{}' },
      ];
      const round = (count: number) =>
        runPool(count, 16, async (i) => {
          const { path, body } = i % 10 === 9 ? odd[Math.floor(i / 10) % odd.length]! : bodies[i % bodies.length]!;
          // One request in twenty on a new connection: a TLS handshake, a socket and its buffers each time.
          const answer = await client.post(path, body, {}, i % 20 === 7 ? {} : { agent });
          if (answer.status >= 500) throw new Error(`${path}: ${answer.status} ${answer.text.slice(0, 200)}`);
        });
      try {
        await round(1500); // warm-up: code compiled, caches and pools filled
        const samples = [await collected()];
        for (let r = 0; r < 4; r++) {
          await round(1500);
          samples.push(await collected());
        }
        const trace = samples.map((s) => `heap ${mib(s.heap)} / rss ${mib(s.rss)} MiB`).join(', ');
        const heapGrowth = samples.at(-1)!.heap - samples[0]!.heap;
        const rssGrowth = Math.max(...samples.map((s) => s.rss)) - samples[0]!.rss;
        // A leak of 700 bytes a request would keep 4 MiB over these 6,000.
        assert.ok(heapGrowth < 4 * 1024 * 1024, `the heap kept ${mib(heapGrowth)} MiB more after 6,000 requests: ${trace}`);
        assert.ok(rssGrowth < 24 * 1024 * 1024, `RSS grew by ${mib(rssGrowth)} MiB: ${trace}`);
      } finally {
        agent.destroy();
      }
      child!.child.kill('SIGTERM');
      assert.deepEqual(await child!.exited, { code: 0, signal: null });
    });

    it('keeps nothing of the kinds and operations requests name: 1,000 distinct ones leave memory and /metrics as they were', async () => {
      const metricsPort = await freePort();
      const { client } = await start(['--shutdown-delay', '0', '--metrics-port', String(metricsPort)], withGc);
      const scrape = () => httpGetText(`http://127.0.0.1:${metricsPort}/metrics`);
      const f = admissionRequests().find((x) => x.file.startsWith('003'))!;
      const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: certs.ca.certPem });
      try {
        const metricsBefore = (await scrape()).text.length;
        const before = await collected();
        await runPool(1000, 16, async (i) => {
          const request = { ...f.body.request };
          // Half judged (an unknown kind is allowed untouched), half refused (an unknown operation is a 400).
          if (i % 2 === 0) request.kind = { ...request.kind, kind: `Kind${i}${'k'.repeat(16_000)}` };
          else request.operation = `OPERATION${i}${'o'.repeat(16_000)}`;
          const answer = await client.post(f.path, JSON.stringify({ ...f.body, request }), {}, { agent });
          if (answer.status !== (i % 2 === 0 ? 200 : 400)) throw new Error(`${answer.status} ${answer.text.slice(0, 200)}`);
        });
        const after = await collected();
        const metricsAfter = (await scrape()).text.length;
        const kept = after.heap - before.heap;
        const facts = `after 1,000 requests naming unknown kinds and operations of 16 kB, the heap keeps ${mib(kept)} MiB more and /metrics grew from ${Math.round(metricsBefore / 1024)} kB to ${Math.round(metricsAfter / 1024)} kB`;
        assert.ok(metricsAfter < metricsBefore + 64 * 1024, `${facts}: every kind and operation a request names becomes a label value, kept for ever`);
        assert.ok(kept < 4 * 1024 * 1024, facts);
      } finally {
        agent.destroy();
      }
    });
  });

  describe('replacing the TLS files', () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ tlsWatch: { debounceMs: 50, pollIntervalMs: 100 } });
    });
    after(async () => {
      await t?.stop();
    });

    it('loses no request while the certificate is replaced six times, by rename and by rewriting in place', async () => {
      const styles: WorkerStyle[] = [...Array(6).fill('keep-alive'), ...Array(6).fill('new-connection'), ...Array(2).fill('trickle')];
      const load = new SustainedLoad({ port: t.server.port, ca: t.certs.ca.certPem }, styles).start();
      const issued: string[] = [];
      for (let i = 0; i < 6; i++) {
        await sleep(400);
        const next = issueServerCertificate(t.certs.ca);
        issued.push(next.certPem);
        if (i % 2 === 0) {
          // cert-manager's way: write beside, rename over.
          writePem(`${t.certs.certFile}.new`, next.certPem, false);
          writePem(`${t.certs.keyFile}.new`, next.keyPem, true);
          renameSync(`${t.certs.certFile}.new`, t.certs.certFile);
          renameSync(`${t.certs.keyFile}.new`, t.certs.keyFile);
        } else {
          // A script's way: rewrite in place, certificate first; for a moment the pair does not match.
          writePem(t.certs.certFile, next.certPem, false);
          await sleep(120);
          writePem(t.certs.keyFile, next.keyPem, true);
        }
      }
      await sleep(600);
      const exchanges = await load.stop();

      const failures = exchanges.filter((e) => e.failure !== undefined);
      assert.equal(failures.length, 0, `${failures.length} of ${exchanges.length} requests lost:\n${describeFailures(failures)}`);
      const seen = new Set(exchanges.filter((e) => e.style === 'new-connection').map((e) => e.fingerprint256));
      assert.ok(seen.size >= 5, `new connections saw ${seen.size} certificates over six replacements`);
      const last = exchanges.filter((e) => e.style === 'new-connection').at(-1)!;
      assert.equal(last.fingerprint256, new X509Certificate(issued.at(-1)!).fingerprint256, 'the last certificate is served at the end');
      const reloads = metricSamples((await t.scrape()).text);
      assert.ok((reloads.get('mdbkit_tls_reloads_total{result="applied"}') ?? 0) >= 6, 'each replacement applied');
    });
  });
});

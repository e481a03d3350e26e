// The webhook server's transport contract over real HTTPS: every transport error answered with its status and
// a JSON {message}; a policy that throws answered once as a 500 that echoes the uid; slow clients cut off;
// the probes, /metrics and the log lines (JSON, the listed fields, never an object's contents).
import { strict as assert } from 'node:assert';
import { connect as tlsConnect } from 'node:tls';
import fastJsonPatch from 'fast-json-patch';
import { definePolicy } from '../../policies/kind-policy.js';
import { defineRule } from '../../policies/rule.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { PolicyEngine } from '../../policies/policy-engine.js';
import type { AdmissionReviewResponse } from '../../webhook/admission-review.js';
import { MAX_BODY_BYTES } from '../../webhook/admission-routes.js';
import { admissionRequests, type AdmissionFixture } from '../support/fixtures.js';
import { admissionDeps, httpGetText, metricSamples, startTestServer, testEngine, type TestServer } from './support/webhook-client.js';

const SECRET = 'hunter2-secret';
const fixture = (prefix: string): AdmissionFixture => structuredClone(admissionRequests().find((f) => f.file.startsWith(prefix))!);

/** A MariaDB that carries a root password in plain text: its value must never reach a log line. */
function mariadbWithPassword(prefix: '001' | '002'): AdmissionFixture {
  const f = fixture(prefix);
  (f.body.request.object!.spec as Record<string, unknown>).env = [{ name: 'MARIADB_ROOT_PASSWORD', value: SECRET }];
  return f;
}

describe('the webhook server: transport errors, failures, probes, metrics and logs', function () {
  this.timeout(300_000);
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  const message = (answer: { text: string }) => (JSON.parse(answer.text) as { message: string }).message;

  describe('transport errors are answered with a status and a JSON message', () => {
    it('405 for a GET or PUT on /mutate and /validate, naming POST', async () => {
      for (const [method, path] of [
        ['GET', '/mutate'],
        ['PUT', '/validate'],
        ['DELETE', '/mutate?timeout=5s'],
      ] as const) {
        const answer = await t.client.send(method, path);
        assert.equal(answer.status, 405, `${method} ${path}`);
        assert.equal(answer.headers.allow, 'POST');
        assert.match(String(answer.headers['content-type']), /^application\/json/);
        assert.match(message(answer), new RegExp(`^${method} is not allowed: the API server POSTs an AdmissionReview`));
      }
    });

    it('415 for a body that is not application/json, or has no Content-Type, or another charset', async () => {
      const body = JSON.stringify(fixture('003').body);
      const plain = await t.client.post('/mutate', body, { 'content-type': 'text/plain' });
      assert.equal(plain.status, 415);
      assert.match(message(plain), /must be an AdmissionReview as application\/json, not text\/plain/);
      const none = await t.client.send('POST', '/validate', body);
      assert.equal(none.status, 415);
      assert.match(message(none), /not a body without a Content-Type/);
      const latin1 = await t.client.post('/mutate', body, { 'content-type': 'application/json; charset=iso-8859-1' });
      assert.equal(latin1.status, 415);
      assert.match(message(latin1), /UTF-8/);
      // ...while the API server's own form, with or without a charset, is accepted.
      assert.equal((await t.client.post('/mutate', body, { 'content-type': 'application/json; charset=utf-8' })).status, 200);
    });

    it('413 for a body over 3 MiB, declared by Content-Length or streamed chunked', async () => {
      const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
      const declared = await t.client.post('/mutate', big);
      assert.equal(declared.status, 413);
      assert.match(message(declared), /larger than 3145728 bytes \(3 MiB\)/);
      const chunked = await t.client.post('/validate', big, { 'transfer-encoding': 'chunked' });
      assert.equal(chunked.status, 413);
    });

    it('accepts a review just under 3 MiB (an object the webhook does not serve is allowed untouched)', async () => {
      const f = fixture('003');
      f.body.request.object = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'big', namespace: 'default' },
        data: { blob: 'x'.repeat(MAX_BODY_BYTES - 4096) },
      };
      Object.assign(f.body.request, { kind: { group: '', version: 'v1', kind: 'ConfigMap' }, resource: { group: '', version: 'v1', resource: 'configmaps' } });
      const answer = await t.client.post('/mutate', f.body);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json<AdmissionReviewResponse>().response, { uid: f.body.request.uid, allowed: true });
    });

    it('400 for a body that is not JSON, without quoting it back', async () => {
      const answer = await t.client.post('/mutate', `{"kind":"AdmissionReview","password": ${SECRET}}`);
      assert.equal(answer.status, 400);
      assert.match(message(answer), /^the body is not valid JSON/);
      assert.ok(!answer.text.includes(SECRET));
    });

    it('400 for an empty body', async () => {
      const answer = await t.client.post('/validate', '');
      assert.equal(answer.status, 400);
      assert.match(message(answer), /the body is empty/);
    });

    it('400 for a review without request.uid, and for one that is not an admission.k8s.io/v1 AdmissionReview', async () => {
      const noUid = fixture('003');
      delete (noUid.body.request as { uid?: string }).uid;
      const answer = await t.client.post('/mutate', noUid.body);
      assert.equal(answer.status, 400);
      assert.equal(message(answer), 'not an AdmissionReview mdbkit can answer: request.uid is missing');

      const v1beta1 = fixture('004');
      v1beta1.body.apiVersion = 'admission.k8s.io/v1beta1';
      const old = await t.client.post('/validate', v1beta1.body);
      assert.equal(old.status, 400);
      assert.match(message(old), /apiVersion must be admission\.k8s\.io\/v1/);

      const array = await t.client.post('/validate', '[1,2]');
      assert.equal(array.status, 400);
      assert.match(message(array), /not a JSON object/);
    });

    it('404 with a JSON message for a path that is not served', async () => {
      const answer = await t.client.post('/mutate-maxscale', {});
      assert.equal(answer.status, 404);
      assert.match(message(answer), /POST \/mutate and POST \/validate/);
      assert.equal(answer.headers['x-powered-by'], undefined);
    });
  });

  describe('a policy that throws', () => {
    let failing: TestServer;
    before(async () => {
      const base = testEngine();
      // default() fails the way a wrong JSON Patch does: fast-json-patch puts the whole document in its message.
      const MAXSCALE = { group: 'enterprise.mariadb.com', kind: 'MaxScale' };
      const throwing = definePolicy({
        ...MAXSCALE,
        defaults: (object: KubeObject) => {
          fastJsonPatch.applyPatch(structuredClone(object), [{ op: 'replace', path: '/spec/nope/deeper', value: 1 }], true);
          throw new Error('unreachable');
        },
        rules: [
          defineRule({
            id: 'x/y',
            kinds: [MAXSCALE],
            severity: 'error',
            reason: 'FieldValueInvalid',
            what: 'a rule that throws',
            why: 'test',
            fix: 'none',
            check: ({ object, at }) => {
              const spec = (object as { spec: { missing?: { field: string } } }).spec;
              return [at(spec.missing!.field, '')];
            },
          }),
        ],
      });
      failing = await startTestServer({ admission: admissionDeps({ engine: new PolicyEngine([throwing], base.schemas) }) });
    });
    after(async () => {
      await failing?.stop();
    });

    for (const [prefix, webhook] of [
      ['003', 'mutate'],
      ['004', 'validate'],
    ] as const) {
      it(`is answered on /${webhook} as a 500 AdmissionReview that echoes apiVersion and uid, and logged once without the object`, async () => {
        const f = fixture(prefix);
        (f.body.request.object!.spec as Record<string, unknown>).env = [{ name: 'ADMIN_PASSWORD', value: SECRET }];
        const before = failing.logLines.length;
        const answer = await failing.client.post(f.path, f.body);
        assert.equal(answer.status, 500);
        const review = answer.json<AdmissionReviewResponse>();
        assert.equal(review.apiVersion, 'admission.k8s.io/v1');
        assert.equal(review.kind, 'AdmissionReview');
        assert.equal(review.response.uid, f.body.request.uid);
        assert.equal(review.response.allowed, false);
        assert.equal(review.response.status?.code, 500);
        assert.equal(review.response.status?.reason, 'InternalError');
        assert.ok(review.response.status?.message.includes(f.body.request.uid));
        assert.ok(!answer.text.includes(SECRET) && !answer.text.includes('maxscale-galera'), 'the answer does not quote the object');

        const lines = failing.logLines.slice(before);
        assert.equal(lines.length, 1, 'one line per request');
        const line = JSON.parse(lines[0]!) as Record<string, unknown>;
        assert.equal(line.level, 'error');
        assert.equal(line.uid, f.body.request.uid);
        assert.equal(line.status, 500);
        assert.equal(line.result, 'error');
        assert.equal(line.kind, 'MaxScale');
        assert.ok(typeof line.errorName === 'string' && typeof line.error === 'string');
        assert.ok(!lines[0]!.includes(SECRET), lines[0]);
      });
    }

    it('leaves the server answering the next request', async () => {
      const f = fixture('001'); // a MariaDB: no policy in the failing engine, so allowed untouched
      const answer = await failing.client.post(f.path, f.body);
      assert.equal(answer.status, 200);
      assert.equal(answer.json<AdmissionReviewResponse>().response.uid, f.body.request.uid);
    });
  });

  describe('slow clients do not hold the server', () => {
    let strict: TestServer;
    before(async () => {
      strict = await startTestServer({ timeouts: { headersMs: 300, requestMs: 600, checkIntervalMs: 100, handshakeMs: 500 } });
    });
    after(async () => {
      await strict?.stop();
    });

    /** Opens a TLS connection, writes `data`, and resolves with what the server sent once it closed the connection, and when. */
    function stall(data: string): Promise<{ text: string; ms: number }> {
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const socket = tlsConnect({ host: '127.0.0.1', port: strict.server.port, ca: strict.certs.ca.certPem, servername: 'localhost' }, () =>
          socket.write(data),
        );
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => resolve({ text, ms: performance.now() - started }));
        socket.on('error', () => undefined);
        setTimeout(() => reject(new Error('the server kept a stalled connection open')), 10_000).unref();
      });
    }

    it('closes a connection whose headers never finish', async () => {
      const { text, ms } = await stall('POST /mutate HTTP/1.1\r\nHost: localhost\r\n');
      assert.match(text, /^HTTP\/1\.1 408/);
      assert.ok(ms < 5000, `${ms} ms`);
    });

    it('closes a connection whose body never finishes', async () => {
      const { text, ms } = await stall('POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"kind":');
      assert.doesNotMatch(text, /^HTTP\/1\.1 200/);
      assert.ok(ms < 5000, `${ms} ms`);
    });

    it('closes a connection that never starts its TLS handshake', async () => {
      const { createConnection } = await import('node:net');
      const ms = await new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const socket = createConnection({ host: '127.0.0.1', port: strict.server.port });
        socket.on('close', () => resolve(performance.now() - started));
        socket.on('error', () => undefined);
        setTimeout(() => reject(new Error('the server kept a silent connection open')), 10_000).unref();
      });
      assert.ok(ms < 5000, `${ms} ms`);
    });
  });

  describe('probes', () => {
    let synced = false;
    let gated: TestServer;
    before(async () => {
      gated = await startTestServer({ clusterReady: () => synced });
    });
    after(async () => {
      await gated?.stop();
    });

    it('/healthz answers 200 as long as the process serves', async () => {
      const answer = await gated.client.get('/healthz');
      assert.equal(answer.status, 200);
      assert.equal(answer.text, 'ok\n');
    });

    it('/readyz answers 503 until the cluster cache has synced, then 200', async () => {
      const waiting = await gated.client.get('/readyz');
      assert.equal(waiting.status, 503);
      assert.match(waiting.text, /cluster cache has not synced/);
      synced = true;
      assert.equal((await gated.client.get('/readyz')).status, 200);
    });

    it('/readyz says so in its body when the server runs offline, and /metrics says lookups are off', async () => {
      const offline = await startTestServer({ offline: true });
      try {
        const answer = await offline.client.get('/readyz');
        assert.equal(answer.status, 200);
        assert.equal(answer.text, 'ok: offline, no cluster lookups: objects that refer to others are judged without them\n');
        assert.equal(metricSamples((await offline.scrape()).text).get('mdbkit_cluster_lookups_enabled'), 0);
      } finally {
        await offline.stop();
      }
      synced = true;
      const online = await gated.client.get('/readyz');
      assert.equal(online.text, 'ok\n');
      assert.equal(metricSamples((await gated.scrape()).text).get('mdbkit_cluster_lookups_enabled'), 1);
    });

    it('answers 405 to other methods', async () => {
      const answer = await gated.client.post('/healthz', {});
      assert.equal(answer.status, 405);
      assert.equal(answer.headers.allow, 'GET, HEAD');
    });
  });

  describe('/metrics', () => {
    let m: TestServer;
    before(async () => {
      m = await startTestServer();
    });
    after(async () => {
      await m?.stop();
    });

    const scrape = async () => {
      const answer = await m.scrape();
      assert.equal(answer.status, 200);
      assert.match(String(answer.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      return { text: answer.text, samples: metricSamples(answer.text) };
    };
    const sample = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

    it('counts requests by webhook, kind, operation and result, times them, and counts denials by rule', async () => {
      const before = (await scrape()).samples;
      const post = (f: AdmissionFixture) => m.client.post(f.path, f.body);
      await post(fixture('003')); // patched MaxScale CREATE
      await post(fixture('003'));
      await post(fixture('024')); // DELETE, skipped
      await post(fixture('035')); // denied: mariadb/storage-shrink
      await post(mariadbWithPassword('002')); // denied: mariadb/plaintext-password
      await m.client.send('GET', '/validate'); // rejected, 405
      const { text, samples } = await scrape();

      const requests = (labels: string) =>
        sample(samples, `mdbkit_admission_requests_total{${labels}}`) - sample(before, `mdbkit_admission_requests_total{${labels}}`);
      assert.equal(requests('webhook="mutate",kind="MaxScale",operation="CREATE",result="patched",code="200"'), 2);
      assert.equal(requests('webhook="validate",kind="Connection",operation="DELETE",result="skipped",code="200"'), 1);
      assert.equal(requests('webhook="validate",kind="MariaDB",operation="UPDATE",result="denied",code="200"'), 1);
      assert.equal(requests('webhook="validate",kind="MariaDB",operation="CREATE",result="denied",code="200"'), 1);
      assert.equal(requests('webhook="validate",kind="",operation="",result="rejected",code="405"'), 1);

      assert.equal(sample(samples, 'mdbkit_admission_denials_total{webhook="validate",rule="mariadb/storage-shrink"}'), 1);
      assert.equal(sample(samples, 'mdbkit_admission_denials_total{webhook="validate",rule="mariadb/plaintext-password"}'), 1);
      assert.equal(sample(samples, 'mdbkit_admission_warnings_total{webhook="mutate",rule="maxscale/reference-unresolved"}'), 2);

      assert.match(text, /# TYPE mdbkit_admission_request_duration_seconds histogram/);
      assert.equal(sample(samples, 'mdbkit_admission_request_duration_seconds_count{webhook="mutate"}'), 2);
      assert.equal(sample(samples, 'mdbkit_admission_request_duration_seconds_count{webhook="validate"}'), 4);
      assert.equal(sample(samples, 'mdbkit_admission_request_duration_seconds_bucket{le="+Inf",webhook="validate"}'), 4);
      assert.ok(
        sample(samples, 'mdbkit_admission_request_duration_seconds_bucket{le="0.001",webhook="mutate"}') <=
          sample(samples, 'mdbkit_admission_request_duration_seconds_bucket{le="5",webhook="mutate"}'),
      );
      assert.equal(sample(samples, 'mdbkit_webhook_ready'), 1);
      assert.ok(sample(samples, 'mdbkit_tls_certificate_not_after_timestamp_seconds') > Date.now() / 1000);
      assert.ok(samples.has('process_cpu_user_seconds_total'), 'and the process metrics');
    });

    it('is served on its own port only: the admission port answers 404, so a NetworkPolicy can keep scrapers off it', async () => {
      assert.notEqual(new URL(m.server.metricsUrl!).port, String(m.server.port));
      const onAdmission = await m.client.get('/metrics');
      assert.equal(onAdmission.status, 404);
      assert.match(onAdmission.json<{ message: string }>().message, /\/metrics has its own port/);
      assert.doesNotMatch(onAdmission.text, /mdbkit_admission_requests_total/);
    });

    it('answers only GET /metrics on the metrics port', async () => {
      const url = new URL(m.server.metricsUrl!);
      const other = await httpGetText(new URL('/mutate', url).href);
      assert.equal(other.status, 404);
      assert.match(other.text, /serves GET \/metrics only/);
      const { request } = await import('node:http');
      const post = await new Promise<number>((resolve, reject) => {
        const req = request(url, { method: 'POST', agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
      assert.equal(post, 405);
    });

    it('is not served at all without a metrics port, and a metrics port in use stops the start', async () => {
      const none = await startTestServer({ metricsPort: undefined });
      try {
        assert.equal(none.server.metricsUrl, undefined);
        assert.equal((await none.client.get('/metrics')).status, 404);
      } finally {
        await none.stop();
      }
      const taken = Number(new URL(m.server.metricsUrl!).port);
      await assert.rejects(startTestServer({ metricsPort: taken }), /cannot listen on 127\.0\.0\.1:\d+ for \/metrics: .*EADDRINUSE.*--metrics-port/);
    });
  });

  describe('the log', () => {
    let l: TestServer;
    before(async () => {
      l = await startTestServer();
    });
    after(async () => {
      await l?.stop();
    });

    it("is one JSON line per request with the listed fields, and never an object's contents", async () => {
      const mutateFixture = mariadbWithPassword('001');
      const validateFixture = mariadbWithPassword('002');
      const dryRun = fixture('005');
      await l.client.post(mutateFixture.path, mutateFixture.body);
      await l.client.post(validateFixture.path, validateFixture.body);
      await l.client.post(dryRun.path, dryRun.body);
      await l.client.post('/validate', `{"password": "${SECRET}"`); // not JSON
      await l.client.post('/mutate', 'x', { 'content-type': 'text/plain' });

      const lines = l.logLines;
      assert.equal(lines.length, 5, lines.join(''));
      for (const line of lines) {
        assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), 'one line each');
        assert.ok(!line.includes(SECRET), line);
        assert.ok(!line.includes('MARIADB_ROOT_PASSWORD'), line);
      }
      const [mutated, denied, dry, badJson, wrongType] = l.logs();
      for (const [line, f] of [
        [mutated, mutateFixture],
        [denied, validateFixture],
        [dry, dryRun],
      ] as const) {
        assert.equal(line!.msg, 'admission');
        assert.equal(line!.level, 'info');
        assert.equal(line!.uid, f.body.request.uid);
        assert.equal(line!.kind, f.body.request.kind.kind);
        assert.equal(line!.namespace, 'default');
        assert.equal(typeof line!.name, 'string');
        assert.equal(line!.operation, f.body.request.operation);
        assert.equal(line!.dryRun, f.body.request.dryRun === true);
        assert.ok(Array.isArray(line!.rules));
        assert.equal(typeof line!.durationMs, 'number');
        assert.ok(!Number.isNaN(Date.parse(String(line!.time))));
      }
      assert.equal(mutated!.result, 'patched');
      assert.equal(denied!.result, 'denied');
      assert.deepEqual(denied!.rules, ['mariadb/plaintext-password']);
      assert.equal(dry!.dryRun, true);
      assert.equal(badJson!.status, 400);
      assert.equal(badJson!.level, 'warn');
      assert.equal(wrongType!.status, 415);
    });

    it('keeps /healthz, /readyz and /metrics out of the info log', async () => {
      const before = l.logs().filter((line) => line.level !== 'debug').length;
      await l.client.get('/healthz');
      await l.client.get('/readyz');
      await l.scrape();
      assert.equal(l.logs().filter((line) => line.level !== 'debug').length, before);
    });
  });
});

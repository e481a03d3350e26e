// Every request the real API server sent (test/fixtures/admission-v1.26), posted over real HTTPS to a running
// webhook server, the way kube-apiserver posts it: the answer is well formed, echoes the request, carries a
// patch that applies to the request's object, and is exactly what the admission core says for that request.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { AdmissionReviewResponse } from '../../webhook/admission-review.js';
import { mutate, validate } from '../../webhook/admission.js';
import { FIXTURES_DIR, admissionRequests, type AdmissionFixture } from '../support/fixtures.js';
import { admissionDeps, startTestServer, type TestServer } from './support/webhook-client.js';

const { applyPatch, deepClone } = fastJsonPatch;
const FIXTURES = admissionRequests();
const fixture = (prefix: string): AdmissionFixture => {
  const found = FIXTURES.find((f) => f.file.startsWith(prefix));
  if (!found) throw new Error(`no fixture ${prefix}`);
  return structuredClone(found);
};
const captured = (name: string) => JSON.parse(readFileSync(join(FIXTURES_DIR, 'admission-v1.26', name), 'utf8')) as AdmissionReviewResponse;
const decodePatch = (patch: string) => JSON.parse(Buffer.from(patch, 'base64').toString('utf8')) as Operation[];

/**
 * What the policies say for each captured request with lookups off (`serve --offline`). 028 and 030 were
 * answered by a canned webhook during the capture: their objects are valid, so they are allowed here (the
 * captured denial and warning are reproduced below with the objects changed to deserve them).
 */
// The captured external MaxScales list servers by hand with only the admin credentials: the operator cannot
// create client, server and monitor users there, so mdbkit denies them (maxscale/auth-credentials-required).
// Tests of the captured answers' form give the users first.
const SERVER_USERS = Object.fromEntries(
  ['client', 'server', 'monitor'].flatMap((u) => [
    [`${u}Username`, `maxscale-${u}`],
    [`${u}PasswordSecretKeyRef`, { name: 'maxscale', key: 'password' }],
  ]),
);
const EXPECTED_RESULT: Record<string, 'patched' | 'allowed' | 'denied' | 'skipped'> = {
  '001': 'patched',
  '002': 'allowed',
  '003': 'patched',
  '004': 'allowed',
  '005': 'patched',
  '006': 'allowed',
  '007': 'patched',
  '008': 'allowed',
  '009': 'patched',
  '010': 'denied',
  '011': 'patched',
  '012': 'allowed',
  '013': 'skipped',
  '014': 'allowed',
  '015': 'patched',
  '016': 'denied',
  '017': 'patched',
  '018': 'denied',
  '019': 'patched',
  '020': 'denied',
  '021': 'patched',
  '022': 'denied',
  '023': 'skipped',
  '024': 'skipped',
  '025': 'patched',
  '026': 'allowed',
  '027': 'patched',
  '028': 'denied',
  '029': 'patched',
  '030': 'denied',
  '031': 'patched',
  '032': 'patched',
  '033': 'allowed',
  '034': 'patched',
  '035': 'denied',
};

describe('the webhook server over HTTPS: every captured request', function () {
  this.timeout(300_000);
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  /** Posts a fixture's body to the path the API server used (with its ?timeout=5s) and its headers. */
  async function post(f: AdmissionFixture) {
    const answer = await t.client.post(f.path, f.body, { 'user-agent': f.headers['user-agent'] ?? 'test', accept: f.headers.accept ?? 'application/json' });
    return answer;
  }

  it('has an expectation for every fixture', () => {
    assert.deepEqual(FIXTURES.map((f) => f.file.slice(0, 3)).sort(), Object.keys(EXPECTED_RESULT).sort());
  });

  for (const f of FIXTURES) {
    const judge = f.path.startsWith('/mutate') ? mutate : validate;
    it(`${f.file}: 200, echoes apiVersion, kind and uid, a patch that applies, and the policy's own answer`, async () => {
      const answer = await post(f);
      assert.equal(answer.status, 200, answer.text);
      assert.match(String(answer.headers['content-type']), /^application\/json/);
      const review = answer.json<AdmissionReviewResponse>();
      assert.equal(review.apiVersion, f.body.apiVersion);
      assert.equal(review.kind, 'AdmissionReview');
      assert.equal(review.response.uid, f.body.request.uid);
      assert.equal(typeof review.response.allowed, 'boolean');

      const direct = await judge(structuredClone(f.body), admissionDeps());
      assert.deepEqual(review, direct.review, 'the server answers exactly what the admission core says');
      assert.equal(direct.result, EXPECTED_RESULT[f.file.slice(0, 3)]);

      if (review.response.patch !== undefined) {
        assert.equal(review.response.patchType, 'JSONPatch');
        const operations = decodePatch(review.response.patch);
        assert.ok(operations.length > 0, 'no empty patch: nothing changed means no patch');
        // validate=true: every operation is checked against the document, as the API server applies it.
        applyPatch(deepClone(f.body.request.object), operations, true, false);
      } else {
        assert.equal(review.response.patchType, undefined);
      }
      if (review.response.allowed) assert.equal(review.response.status, undefined);
    });
  }

  it('003: a MaxScale with only mariaDbRef gets the defaults that need no lookup, and a warning that its monitor module was not inferred', async () => {
    const f = fixture('003');
    const review = (await post(f)).json<AdmissionReviewResponse>();
    assert.equal(review.response.allowed, true);
    const paths = decodePatch(review.response.patch!).map((op) => `${op.op} ${op.path}`);
    assert.ok(paths.includes('add /spec/services') && paths.includes('add /spec/monitor') && paths.includes('add /spec/admin'), paths.join(', '));
    assert.ok(!paths.some((p) => p.includes('/spec/servers')), 'offline, the MariaDB cannot be read: no servers are invented');
    assert.deepEqual(review.response.warnings, ['spec.mariaDbRef: MariaDB default/mariadb-galera could not be looked up: monitor.module was not inferred']);
  });

  it('028 made invalid: denied with 422 Invalid and a field cause, exactly as the captured response', async () => {
    const f = fixture('028');
    const spec = f.body.request.object!.spec as { monitor: Record<string, unknown>; auth: Record<string, unknown> };
    Object.assign(spec.auth, SERVER_USERS);
    delete spec.monitor.module;
    spec.monitor.interval = '500ms';
    const answer = await post(f);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json(), captured('028-validate-CREATE-maxscales-mxs-bad.response.json'));
  });

  it('030 with a 500ms monitor interval: allowed with the warning kubectl printed, exactly as the captured response', async () => {
    const f = fixture('030');
    const spec = f.body.request.object!.spec as { monitor: Record<string, unknown>; auth: Record<string, unknown> };
    Object.assign(spec.auth, SERVER_USERS);
    spec.monitor.interval = '500ms';
    const review = (await post(f)).json<AdmissionReviewResponse>();
    assert.deepEqual(review, captured('030-validate-CREATE-maxscales-mxs-warn.response.json'));
    assert.deepEqual(review.response.warnings, ['spec.monitor.interval: 500ms is shorter than the recommended 1s']);
  });

  it('023/024: DELETE is allowed without a patch or a status (object is null)', async () => {
    for (const prefix of ['023', '024']) {
      const f = fixture(prefix);
      assert.equal(f.body.request.object, null);
      const review = (await post(f)).json<AdmissionReviewResponse>();
      assert.deepEqual(review.response, { uid: f.body.request.uid, allowed: true });
    }
  });

  it('005/006 (dryRun) are answered exactly like 007/008, the same apply for real', async () => {
    for (const [dry, real] of [
      ['005', '007'],
      ['006', '008'],
    ] as const) {
      const dryFixture = fixture(dry);
      const realFixture = fixture(real);
      assert.equal(dryFixture.body.request.dryRun, true);
      assert.equal(realFixture.body.request.dryRun, false);
      const a = (await post(dryFixture)).json<AdmissionReviewResponse>().response;
      const b = (await post(realFixture)).json<AdmissionReviewResponse>().response;
      assert.deepEqual({ ...a, uid: '' }, { ...b, uid: '' });
    }
  });

  it('031: never the captured bad patch; what is sent applies', async () => {
    const f = fixture('031');
    const review = (await post(f)).json<AdmissionReviewResponse>();
    assert.notEqual(review.response.patch, captured('031-mutate-CREATE-maxscales-mxs-badpatch.response.json').response.patch);
    applyPatch(deepClone(f.body.request.object), decodePatch(review.response.patch!), true, false);
  });

  it('035: shrinking a MariaDB volume is denied at spec.storage.size', async () => {
    const review = (await post(fixture('035'))).json<AdmissionReviewResponse>();
    assert.equal(review.response.allowed, false);
    assert.equal(review.response.status?.code, 422);
    assert.deepEqual(
      review.response.status?.details?.causes.map((c) => c.field),
      ['spec.storage.size'],
    );
  });

  describe('013/014: kubectl scale (autoscaling/v1 Scale on the scale subresource)', () => {
    let withCluster: TestServer;
    before(async () => {
      // The stored MaxScale, as an informer would hold it: no cooperative monitoring.
      const stored: KubeObject = {
        apiVersion: 'enterprise.mariadb.com/v1alpha1',
        kind: 'MaxScale',
        metadata: { name: 'maxscale-galera', namespace: 'default' },
        spec: { mariaDbRef: { name: 'mariadb-galera' }, monitor: { module: 'galeramon' } },
      };
      withCluster = await startTestServer({ admission: admissionDeps({ reader: new ListClusterReader([stored]) }) });
    });
    after(async () => {
      await withCluster?.stop();
    });

    it('mutate leaves a Scale alone; validate allows it offline, where the MaxScale cannot be read, with a warning', async () => {
      assert.deepEqual((await post(fixture('013'))).json<AdmissionReviewResponse>().response, { uid: fixture('013').body.request.uid, allowed: true });
      assert.deepEqual((await post(fixture('014'))).json<AdmissionReviewResponse>().response, {
        uid: fixture('014').body.request.uid,
        allowed: true,
        warnings: ['spec.replicas: MaxScale maxscale-galera could not be read: cooperativeMonitoring not checked'],
      });
    });

    it('validate denies scaling to 2 when the stored MaxScale has no cooperative monitoring', async () => {
      const f = fixture('014');
      const answer = await withCluster.client.post(f.path, f.body);
      const review = answer.json<AdmissionReviewResponse>();
      assert.equal(answer.status, 200);
      assert.equal(review.response.uid, f.body.request.uid);
      assert.equal(review.response.allowed, false);
      assert.equal(review.response.status?.code, 422);
      assert.deepEqual(
        review.response.status?.details?.causes.map((c) => c.field),
        ['spec.replicas'],
      );
    });
  });
});

// The webhook with its cluster reader wired as `mdbkit serve` wires it (connectCluster with a kubeconfig), pointed
// at an API server that refuses connections, and at one that accepts them and never answers. Admissions that need
// a lookup are still answered within a second, concurrently too, and the answer warns the user that defaults or
// checks that needed the cluster were skipped. (kube-cluster-reader.test.ts covers the reader alone: 'unknown'
// within a second; this covers what the API server, and so the user, gets back.)
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPolicyEngine } from '../../policies/registry.js';
import type { AdmissionReviewResponse } from '../../webhook/admission-review.js';
import { connectCluster, type ClusterConnection } from '../../webhook/cluster-connection.js';
import { createLogger } from '../../webhook/request-log.js';
import { admissionRequests, type AdmissionFixture } from '../support/fixtures.js';
import { SERVED_GROUPS, admissionDeps, startTestServer, type TestServer } from '../webhook/support/webhook-client.js';
import { refusingApiServer, silentApiServer, writeKubeconfig, type StandIn } from './support/stand-in-api-servers.js';

const FIXTURES = admissionRequests();
const fixture = (prefix: string): AdmissionFixture => structuredClone(FIXTURES.find((f) => f.file.startsWith(prefix))!);
/** MaxScale CREATE and UPDATE with a mariaDbRef: the servers and the monitor module come from the MariaDB. */
const LOOKUPS = ['003', '005', '007', '025', '031'];

for (const [name, start] of [
  ['refuses connections', refusingApiServer],
  ['accepts connections and never answers', silentApiServer],
] as const) {
  describe(`hardening: the cluster’s API server ${name}`, function () {
    this.timeout(30_000);
    let api: StandIn;
    let dir: string;
    let cluster: ClusterConnection;
    let t: TestServer;
    const readerLog: string[] = [];

    before(async () => {
      api = await start();
      dir = mkdtempSync(join(tmpdir(), 'mdbkit-unreachable-'));
      cluster = await connectCluster(
        { mode: 'kubeconfig', path: writeKubeconfig(dir, api.url) },
        { resources: createPolicyEngine().watchedResources(SERVED_GROUPS), watchNamespaces: [], logger: createLogger('debug', (line) => readerLog.push(line)) },
      );
      t = await startTestServer({ admission: admissionDeps({ reader: cluster.reader }), clusterReady: cluster.ready });
    });
    after(async () => {
      await t?.stop();
      await cluster?.close();
      await api?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const timed = async (f: AdmissionFixture) => {
      const started = performance.now();
      const answer = await t.client.post(f.path, f.body);
      return { f, answer, ms: performance.now() - started };
    };

    it('answers each admission that needs a lookup within a second, with a warning that the defaults were skipped', async () => {
      for (const prefix of LOOKUPS) {
        const { f, answer, ms } = await timed(fixture(prefix));
        assert.equal(answer.status, 200, `${f.file}: ${answer.text}`);
        const review = answer.json<AdmissionReviewResponse>();
        assert.equal(review.response.uid, f.body.request.uid);
        assert.equal(review.response.allowed, true);
        assert.ok(ms < 1000, `${f.file} answered after ${Math.round(ms)} ms`);
        assert.match(review.response.warnings?.join('\n') ?? '', /could not be looked up/, `${f.file}: the user is told`);
      }
      assert.ok(
        readerLog.some((line) => line.includes('could not read from the API server')),
        'and the log says why',
      );
      assert.equal(cluster.ready(), false, 'never ready: the caches cannot sync');
      assert.equal((await t.client.get('/readyz')).status, 503);
    });

    it('answers every captured request within a second while 35 of them wait on the cluster at once', async () => {
      const started = performance.now();
      const results = await Promise.all(FIXTURES.map((f) => timed(structuredClone(f))));
      const wall = performance.now() - started;
      for (const { f, answer, ms } of results) {
        assert.equal(answer.status, 200, `${f.file}: ${answer.text}`);
        assert.equal(answer.json<AdmissionReviewResponse>().response.uid, f.body.request.uid);
        assert.ok(ms < 1000, `${f.file} answered after ${Math.round(ms)} ms`);
      }
      assert.ok(wall < 1500, `all answered after ${Math.round(wall)} ms`);
    });

    it('warns when a scale to 2 replicas is allowed because the MaxScale could not be read to check it', async () => {
      const { f, answer, ms } = await timed(fixture('014'));
      assert.equal(answer.status, 200, answer.text);
      assert.ok(ms < 1000, `answered after ${Math.round(ms)} ms`);
      const review = answer.json<AdmissionReviewResponse>();
      assert.equal(review.response.uid, f.body.request.uid);
      assert.equal(review.response.allowed, true);
      assert.ok((review.response.warnings ?? []).length > 0, `allowed without saying that the cooperative-monitoring check was skipped: ${answer.text}`);
    });
  });
}

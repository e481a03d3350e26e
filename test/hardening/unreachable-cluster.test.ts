// The webhook with its cluster reader wired as `mdbkit serve` wires it (connectCluster with a kubeconfig), pointed
// at an API server that refuses connections, and at one that accepts them and never answers. Admissions that need
// a lookup are still answered, concurrently too, and the answer warns the user that defaults or checks that needed
// the cluster were skipped. What bounds the wait is the reader's own read budget (300 ms, a deadline inside the
// reader), not the machine's speed: the test shows that cause (the log says the read was refused, or cut at the
// budget) instead of timing answers on a shared 2-core machine. (kube-cluster-reader.test.ts covers the reader
// alone; this covers what the API server, and so the user, gets back.)
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

for (const [name, start, cause] of [
  ['refuses connections', refusingApiServer, /ECONNREFUSED/],
  ['accepts connections and never answers', silentApiServer, /no answer within 300 ms/],
] as const) {
  describe(`hardening: the cluster’s API server ${name}`, function () {
    this.timeout(300_000);
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

    const post = async (f: AdmissionFixture) => ({ f, answer: await t.client.post(f.path, f.body) });
    const unreadLines = () => readerLog.filter((line) => line.includes('could not read from the API server'));

    it('answers each admission that needs a lookup, with a warning that the defaults were skipped, once the read budget gives up', async () => {
      for (const prefix of LOOKUPS) {
        const { f, answer } = await post(fixture(prefix));
        assert.equal(answer.status, 200, `${f.file}: ${answer.text}`);
        const review = answer.json<AdmissionReviewResponse>();
        assert.equal(review.response.uid, f.body.request.uid);
        assert.equal(review.response.allowed, true);
        assert.match(review.response.warnings?.join('\n') ?? '', /could not be looked up/, `${f.file}: the user is told`);
      }
      // The log says why each lookup gave up: refused at once, or cut at the reader's budget, never a TCP timeout.
      assert.ok(unreadLines().length >= LOOKUPS.length, 'one line per lookup that could not be read');
      for (const line of unreadLines()) assert.match(line, cause, line);
      assert.equal(cluster.ready(), false, 'never ready: the caches cannot sync');
      assert.equal((await t.client.get('/readyz')).status, 503);
    });

    it('answers every captured request while all of them wait on the cluster at once, each lookup given up for its cause', async () => {
      const before = unreadLines().length;
      const results = await Promise.all(FIXTURES.map((f) => post(structuredClone(f))));
      for (const { f, answer } of results) {
        assert.equal(answer.status, 200, `${f.file}: ${answer.text}`);
        assert.equal(answer.json<AdmissionReviewResponse>().response.uid, f.body.request.uid);
      }
      const lines = unreadLines().slice(before);
      assert.ok(lines.length > 0);
      for (const line of lines) assert.match(line, cause, line);
    });

    it('warns when a scale to 2 replicas is allowed because the MaxScale could not be read to check it', async () => {
      const { f, answer } = await post(fixture('014'));
      assert.equal(answer.status, 200, answer.text);
      const review = answer.json<AdmissionReviewResponse>();
      assert.equal(review.response.uid, f.body.request.uid);
      assert.equal(review.response.allowed, true);
      assert.ok((review.response.warnings ?? []).length > 0, `allowed without saying that the cooperative-monitoring check was skipped: ${answer.text}`);
    });
  });
}

// Answers and log lines stay small whatever arrives, over real HTTPS: a MaxScale with 60,000 spec.servers (an
// object the API server accepts, under its 3 MiB request limit) once gave a 22 MB denial with one log line of
// millions of characters, and a 10 MB patch; a malformed review with a 2 MB kind and a 500 KB name was quoted
// whole into its 400 body and its log line. The work is bounded by counts (one object of each size), not time.
import { strict as assert } from 'node:assert';
import type { AdmissionReviewResponse } from '../../webhook/admission-review.js';
import { MAX_BODY_BYTES } from '../../webhook/admission-routes.js';
import { MAX_ANSWER_BYTES, MAX_CAUSES } from '../../webhook/answer-bounds.js';
import { ECHO_PREFIX_CHARS } from '../../webhook/input-echo.js';
import { MAX_LOG_LINE_BYTES } from '../../webhook/request-log.js';
import { startTestServer, type TestServer } from '../webhook/support/webhook-client.js';
import { LARGE_SERVERS, largeMaxScaleReview } from '../support/large-maxscale-review.js';

const SERVERS = LARGE_SERVERS;

describe('bounded answers and log lines for large and malformed reviews', function () {
  // A safety net for a stuck server only: the assertions bound sizes and counts, never time.
  this.timeout(300_000);
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  /** The log lines written while `run` ran. */
  async function logged<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
    const from = t.logLines.length;
    const result = await run();
    return { result, lines: t.logLines.slice(from) };
  }

  function assertBoundedLines(lines: string[]): void {
    assert.ok(lines.length > 0, 'a log line was written');
    for (const line of lines) assert.ok(Buffer.byteLength(line) <= MAX_LOG_LINE_BYTES, `a log line of ${Buffer.byteLength(line)} bytes`);
  }

  it(`denies a MaxScale with ${SERVERS} repeated servers with ${MAX_CAUSES} causes and one that counts the rest, under 256 KiB`, async () => {
    const body = JSON.stringify(largeMaxScaleReview({ same: true }));
    assert.ok(body.length > 2_000_000 && body.length < MAX_BODY_BYTES, `a body of ${body.length} bytes, as the API server may send`);
    const { result: answer, lines } = await logged(() => t.client.post('/validate', body));
    assert.equal(answer.status, 200);
    assert.ok(Buffer.byteLength(answer.text) < MAX_ANSWER_BYTES, `an answer of ${Buffer.byteLength(answer.text)} bytes`);
    const { response } = answer.json<AdmissionReviewResponse>();
    assert.equal(response.allowed, false);
    const causes = response.status!.details!.causes;
    assert.equal(causes.length, MAX_CAUSES + 1);
    assert.deepEqual(causes[0], {
      reason: 'FieldValueDuplicate',
      field: 'spec.servers[1].name',
      message: 'Duplicate value: "mariadb-0": spec.servers[0] has the same name; give each server its own',
    });
    // Every later server repeats both the first one's name and its address.
    const more = 2 * (SERVERS - 1) - MAX_CAUSES;
    assert.match(causes[MAX_CAUSES]!.message, new RegExp(`^and ${more} more findings not listed here \\(maxscale/duplicate-server-`));
    assert.match(causes[MAX_CAUSES]!.message, /run `mdbkit lint` on the manifest to see them all$/);
    assert.match(response.status!.message, /^MaxScale\.enterprise\.mariadb\.com "maxscale-large" is invalid: \[spec\.servers\[1\]\.name: /);
    assertBoundedLines(lines);
    const line = JSON.parse(lines.at(-1)!) as { result: string; rules: string[]; findings: number };
    assert.equal(line.result, 'denied');
    assert.deepEqual(line.rules, ['maxscale/duplicate-server-name', 'maxscale/duplicate-server-address']);
    assert.equal(line.findings, 2 * (SERVERS - 1));
  });

  it(`allows a MaxScale with ${SERVERS} distinct servers on /validate, and /mutate answers without a megabyte patch`, async () => {
    const body = JSON.stringify(largeMaxScaleReview({ same: false }));
    assert.ok(body.length > 2_400_000 && body.length < MAX_BODY_BYTES, `a body of ${body.length} bytes`);
    const validated = await logged(() => t.client.post('/validate', body));
    assert.equal(validated.result.status, 200);
    assert.equal(validated.result.json<AdmissionReviewResponse>().response.allowed, true);
    assertBoundedLines(validated.lines);

    const mutated = await logged(() => t.client.post('/mutate', body));
    assert.equal(mutated.result.status, 200);
    assert.ok(Buffer.byteLength(mutated.result.text) < MAX_ANSWER_BYTES, `an answer of ${Buffer.byteLength(mutated.result.text)} bytes`);
    const { response } = mutated.result.json<AdmissionReviewResponse>();
    assert.equal(response.allowed, true);
    // A port and a protocol on each of 60,000 servers: a patch of megabytes, for an object then too large to store.
    assert.equal(response.patch, undefined);
    assert.match(response.warnings?.[0] ?? '', /^mdbkit's defaults were not applied: their patch is over 128 KiB; see them with mdbkit default$/);
    assertBoundedLines(mutated.lines);
  });

  it('keeps the answer under 256 KiB when every finding quotes a value that JSON escapes six times over', async () => {
    // 400 servers named by 1000 control characters each: a 2.4 MB body, every message near its length cap, and
    // each character 6 bytes once escaped (\u0001).
    const review = largeMaxScaleReview({ same: true });
    review.request.object.spec.servers = Array.from({ length: 400 }, (_, i) => ({ name: '\u0001'.repeat(1000), address: `10.0.${i >> 8}.${i & 255}` }));
    const body = JSON.stringify(review);
    assert.ok(body.length > 2_000_000 && body.length < MAX_BODY_BYTES, `a body of ${body.length} bytes`);
    const { result: answer, lines } = await logged(() => t.client.post('/validate', body));
    assert.equal(answer.status, 200);
    assert.ok(Buffer.byteLength(answer.text) < MAX_ANSWER_BYTES, `an answer of ${Buffer.byteLength(answer.text)} bytes`);
    const causes = answer.json<AdmissionReviewResponse>().response.status!.details!.causes;
    assert.ok(causes.length > 10, `${causes.length} causes`);
    assert.match(causes.at(-1)!.message, new RegExp(`^and ${399 - (causes.length - 1)} more findings not listed here`));
    assertBoundedLines(lines);
  });

  it('echoes a 500 KB name of a review it judges only as a short prefix', async () => {
    const review = largeMaxScaleReview({ same: true, name: 'n'.repeat(500_000) });
    review.request.object.spec.servers = review.request.object.spec.servers.slice(0, 2);
    const { result: answer, lines } = await logged(() => t.client.post('/validate', review));
    assert.equal(answer.status, 200);
    assert.ok(Buffer.byteLength(answer.text) < 8 * 1024, `an answer of ${Buffer.byteLength(answer.text)} bytes`);
    assert.ok(!answer.text.includes('n'.repeat(ECHO_PREFIX_CHARS + 1)));
    assert.match(answer.json<AdmissionReviewResponse>().response.status!.message, /"n+…\(500000 characters\)" is invalid/);
    assertBoundedLines(lines);
  });

  describe('a malformed review is refused without being echoed', () => {
    const KIND = 'K'.repeat(2 * 1024 * 1024);
    const NAME = 'N'.repeat(500 * 1024);

    async function refuse(body: unknown): Promise<{ message: string; text: string; lines: string[] }> {
      const { result: answer, lines } = await logged(() => t.client.post('/validate', body));
      assert.equal(answer.status, 400);
      assert.ok(Buffer.byteLength(answer.text) < 1024, `a 400 body of ${Buffer.byteLength(answer.text)} bytes`);
      assertBoundedLines(lines);
      for (const text of [answer.text, ...lines]) {
        assert.ok(!text.includes('K'.repeat(ECHO_PREFIX_CHARS + 1)), 'the kind is echoed beyond its prefix');
        assert.ok(!text.includes('N'.repeat(ECHO_PREFIX_CHARS + 1)), 'the name is echoed beyond its prefix');
      }
      return { message: answer.json<{ message: string }>().message, text: answer.text, lines };
    }

    it('a 2 MB kind and a 500 KB request.name: a 64-character prefix and the length, in the body and the log', async () => {
      const { message, lines } = await refuse({ apiVersion: 'admission.k8s.io/v1', kind: KIND, request: { uid: 'u-1', name: NAME } });
      assert.equal(
        message,
        `not an AdmissionReview mdbkit can answer: kind must be AdmissionReview, not "${'K'.repeat(ECHO_PREFIX_CHARS)}…(${KIND.length} characters)"`,
      );
      const line = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
      assert.equal(line.status, 400);
      assert.equal(line.name, `${'N'.repeat(ECHO_PREFIX_CHARS)}…(${NAME.length} characters)`);
    });

    it('a request whose kind fields are huge: only their prefixes reach the log', async () => {
      const { lines } = await refuse({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid: 'u-2',
          kind: { group: 'g', version: 'v', kind: KIND },
          resource: { group: 'g', version: 'v', resource: 'r' },
          operation: NAME,
          name: NAME,
        },
      });
      const line = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
      assert.equal(line.kind, `${'K'.repeat(ECHO_PREFIX_CHARS)}…(${KIND.length} characters)`);
      assert.equal(line.operation, `${'N'.repeat(ECHO_PREFIX_CHARS)}…(${NAME.length} characters)`);
    });

    it('control characters in what is echoed arrive escaped, not as line breaks or terminal codes', async () => {
      const { message } = await refuse({ apiVersion: 'admission.k8s.io/v1', kind: 'Admission\nReview\u001b[2J', request: { uid: 'u-3' } });
      assert.ok(message.endsWith('not "Admission\\nReview\\u001b[2J"'), message);
      assert.ok(!/[\n\u001b]/.test(message));
    });

    it('a huge object in the place of a string is described, never printed', async () => {
      const { message } = await refuse({ apiVersion: { nested: 'A'.repeat(1_000_000) }, kind: 'AdmissionReview', request: { uid: 'u-4' } });
      assert.match(message, /not an object$/);
    });

    it('a uid longer than any the API server sends is refused, not echoed', async () => {
      const { message } = await refuse({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'K'.repeat(1_000_000) } });
      assert.match(message, /request\.uid is 1000000 characters long/);
    });
  });
});

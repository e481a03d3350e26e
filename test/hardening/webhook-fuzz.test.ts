// The running webhook (in this process, with the real policy engine) under 20,000 generated and mutated
// AdmissionReviews over HTTPS keep-alive, 16 at a time: truncated JSON, wrong types at every level, 1 MiB strings,
// long arrays, nesting 10,000 levels deep, `__proto__` / `constructor` / `prototype` as real own keys, unknown kinds
// and operations. Every answer is a 200 AdmissionReview echoing the uid or a 4xx with a JSON message; never a 5xx
// or a dropped connection; nothing on the built-in prototypes changes; and afterwards the server still answers the
// captured requests byte for byte as before.
//
// The cases are drawn with fast-check from a fixed seed (MDBKIT_FUZZ_SEED and MDBKIT_FUZZ_RUNS override it), then
// sent through a bounded pool; every failure is collected, grouped by what went wrong, and reported with its seed,
// index and recipe so that one case can be replayed.
import { strict as assert } from 'node:assert';
import { Agent } from 'node:https';
import fc from 'fast-check';
import { admissionRequests, type AdmissionFixture } from '../support/fixtures.js';
import { startTestServer, type HttpAnswer, type TestServer } from '../webhook/support/webhook-client.js';
import { describeRecipe, fuzzRecipe, renderCase, type FuzzRecipe } from './support/admission-fuzz-cases.js';
import { runPool } from './support/bounded-pool.js';
import { prototypeChanges, snapshotPrototypes, type PrototypeSnapshot } from './support/prototype-guard.js';

const RUNS = Number(process.env.MDBKIT_FUZZ_RUNS ?? 20_000);
const SEED = Number(process.env.MDBKIT_FUZZ_SEED ?? 20_261_121);
const CONCURRENCY = 16;

/** The uid the server must echo, read the way the server reads the body; undefined when it cannot be. */
function sentUid(body: Buffer): { parsed: boolean; uid?: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { parsed: false };
  }
  const own = (node: unknown, key: string) =>
    typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  return { parsed: true, uid: own(own(parsed, 'request'), 'uid') };
}

/** What is wrong with an answer, in a few words (the grouping key of the report); undefined when it is well-formed. */
function problemWith(body: Buffer, answer: HttpAnswer): string | undefined {
  const { status, text } = answer;
  if (status >= 500) return `${status}`;
  if (!/^application\/json/.test(String(answer.headers['content-type']))) return `${status} answered as ${String(answer.headers['content-type'])}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${status} with a body that is not JSON`;
  }
  if (status >= 400 && status < 500) {
    const message = (json as { message?: unknown }).message;
    return typeof message === 'string' && message.length > 0 ? undefined : `${status} without a message`;
  }
  if (status !== 200) return `unexpected status ${status}`;
  const review = json as { apiVersion?: unknown; kind?: unknown; response?: Record<string, unknown> };
  const sent = sentUid(body);
  if (!sent.parsed) return '200 for a body that is not JSON';
  if (review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview' || typeof review.response !== 'object')
    return '200 without an AdmissionReview';
  const response = review.response;
  if (response.uid !== sent.uid || typeof sent.uid !== 'string') return '200 with another uid';
  if (typeof response.allowed !== 'boolean') return '200 without allowed';
  if (response.patch !== undefined) {
    if (response.patchType !== 'JSONPatch') return '200 with a patch but no patchType';
    let operations: unknown;
    try {
      operations = JSON.parse(Buffer.from(String(response.patch as string), 'base64').toString('utf8'));
    } catch {
      return '200 with a patch that is not base64 JSON';
    }
    if (!Array.isArray(operations) || operations.some((o) => typeof o?.op !== 'string' || typeof o?.path !== 'string'))
      return '200 with a patch that is not a JSON Patch';
  }
  if (response.allowed === false && typeof (response.status as { message?: unknown } | undefined)?.message !== 'string') return '200 denial without a message';
  return undefined;
}

/** The mutations of a recipe in a few words, for grouping failures. */
function shapeOf(recipe: FuzzRecipe): string {
  const value = (v: unknown) => {
    const b = v as { bulk?: string; depth?: number; shape?: string; bytes?: number; length?: number };
    if (b.bulk === 'deep') return `deep ${b.shape} ${b.depth}`;
    if (b.bulk === 'string') return `string ${b.bytes}`;
    if (b.bulk === 'array') return `array ${b.length}`;
    if (b.bulk === 'raw') return 'raw number';
    return 'json';
  };
  const tree = recipe.tree.map((op) => ('value' in op && op.op !== 'keyEverywhere' ? `${op.op}(${value(op.value)})` : op.op));
  return [...tree, ...recipe.bytes.map((op) => op.op)].join(' + ') || 'unchanged';
}

describe('hardening: the webhook under 20,000 fuzzed AdmissionReviews', function () {
  this.timeout(300_000);
  let t: TestServer;
  let agent: Agent;
  let prototypes: PrototypeSnapshot;
  const fixtures: AdmissionFixture[] = admissionRequests();

  before(async () => {
    prototypes = snapshotPrototypes();
    t = await startTestServer();
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: t.certs.ca.certPem });
  });
  after(async () => {
    agent?.destroy();
    await t?.stop();
  });

  const post = (path: string, body: string | Buffer, contentType = 'application/json') => t.client.post(path, body, { 'content-type': contentType }, { agent });

  it('answers an object nested 10,000 levels deep with a 4xx or a 200, never a 500', async () => {
    const outcomes: string[] = [];
    for (const prefix of ['001', '002', '003', '004', '011', '034']) {
      const f = fixtures.find((x) => x.file.startsWith(prefix))!;
      for (const [shape, deep] of [
        ['object', `${'{"a":'.repeat(10_000)}null${'}'.repeat(10_000)}`],
        ['array', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
      ] as const) {
        const body = structuredClone(f.body);
        (body.request.object!.spec as Record<string, unknown>).nested = '@@deep@@';
        const answer = await post(f.path, JSON.stringify(body).replace('"@@deep@@"', deep));
        outcomes.push(`${f.file} with spec.nested 10,000 levels of ${shape}s: ${answer.status} ${answer.text.slice(0, 160)}`);
      }
    }
    const failed = outcomes.filter((line) => /: 5\d\d /.test(line));
    assert.ok(failed.length === 0, `${failed.length} of ${outcomes.length} answered with a 5xx:\n${failed.join('\n')}`);
  });

  it(`answers ${RUNS} generated and mutated reviews, 16 at a time over keep-alive, each well-formed and never a 5xx`, async () => {
    const before = new Map<string, string>();
    for (const f of fixtures) before.set(f.file, (await post(f.path, JSON.stringify(f.body))).text);

    const logsBefore = t.logLines.length;
    const recipes = fc.sample(fuzzRecipe, { numRuns: RUNS, seed: SEED });
    const statuses = new Map<number, number>();
    const failures = new Map<string, { count: number; example: string }>();
    const fail = (key: string, index: number, detail: string) => {
      const seen = failures.get(key);
      if (seen) seen.count++;
      else failures.set(key, { count: 1, example: `seed ${SEED}, case ${index}: ${describeRecipe(recipes[index]!, fixtures)}\n      ${detail}` });
    };
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const started = performance.now();
    try {
      await runPool(RUNS, CONCURRENCY, async (i) => {
        const recipe = recipes[i]!;
        const c = renderCase(recipe, fixtures);
        let answer: HttpAnswer;
        try {
          answer = await post(c.path, c.body, c.contentType);
        } catch (error) {
          fail(`no answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}) | ${shapeOf(recipe)}`, i, String(error));
          return;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const problem = problemWith(c.body, answer);
        if (problem) fail(`${problem} | ${shapeOf(recipe)}`, i, `${c.path} → ${answer.status} ${answer.text.slice(0, 240)}`);
      });
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    const seconds = (performance.now() - started) / 1000;

    const report = [...failures.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, 12)
      .map(([key, { count, example }]) => `  ${count}× ${key}\n      ${example}`)
      .join('\n');
    const summary = `${RUNS} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`;

    // Still serving, unchanged: the probes, the captured requests answered exactly as before, no prototype touched
    // (checked before the answers, so that a bad answer cannot hide a polluted process).
    assert.equal((await t.client.get('/healthz')).status, 200);
    for (const f of fixtures) assert.equal((await post(f.path, JSON.stringify(f.body))).text, before.get(f.file), `${f.file} is answered as before the fuzz`);
    assert.deepEqual(prototypeChanges(prototypes), [], 'built-in prototypes are untouched (the server runs in this process)');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(rejections, [], 'no unhandled rejection');

    assert.equal(failures.size, 0, `${summary}\n${[...failures.values()].reduce((n, f) => n + f.count, 0)} bad answers:\n${report}`);
    const errors = t
      .logs()
      .slice(logsBefore)
      .filter((line) => line.level === 'error');
    assert.deepEqual(errors.slice(0, 3), [], `${errors.length} error log lines`);
    // The generator must reach the policies, not only the decoder: a good share is judged and answered 200.
    assert.ok((statuses.get(200) ?? 0) > RUNS / 10, `too few 200s to have exercised the policies: ${summary}`);
    assert.ok((statuses.get(400) ?? 0) > RUNS / 10, `too few 400s to have exercised the decoder: ${summary}`);
  });
});

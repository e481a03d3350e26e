// `mdbkit lint` and `mdbkit default`, the real binary, on broken YAML, binary data, alias bombs ("billion laughs"),
// duplicate keys, deep flow nesting and ~10 MB documents, each run within 10 s of CPU time and a 256 MB heap
// (NODE_OPTIONS=--max-old-space-size). Every run ends with findings (exit 0 or 1) or with exit 2 and an
// `mdbkit: ...` line; never a stack trace, never out of memory, never over its CPU budget (the clock only catches a
// hang). A bomb or a duplicate key is always an error finding.
//
// The generated cases are drawn with fast-check from a fixed seed (MDBKIT_CLI_FUZZ_SEED overrides it) and linted a
// folder at a time; when a folder's run ends badly, each of its files is run alone to name the culprit, and the
// culprits are kept under the OS temp folder (mdbkit-hardening-failures/) to replay.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ensureBuilt } from '../cli/support/run-cli.js';
import { runPool } from './support/bounded-pool.js';
import { CLI_LIMITS, badEnding, lintJson, runBounded, type BoundedRun } from './support/cli-bounded-run.js';
import { HEAVY_CASES, cliCase, type CliCase } from './support/yaml-fuzz-inputs.js';

const SEED = Number(process.env.MDBKIT_CLI_FUZZ_SEED ?? 20_261_121);
const BATCH = 64;
const BATCHES = 4;
const FAILURES_DIR = join(tmpdir(), 'mdbkit-hardening-failures');

/** Keeps a failing input where a person can replay it, and says how. */
function keep(source: string, name: string): string {
  mkdirSync(FAILURES_DIR, { recursive: true });
  const target = join(FAILURES_DIR, name);
  copyFileSync(source, target);
  return target;
}

/** Problems of one lint and one default run over the same input, against what the input must produce. */
function judge(lint: BoundedRun, dflt: BoundedRun, mustFail: string[]): string[] {
  const problems: string[] = [];
  for (const run of [lint, dflt]) {
    const bad = badEnding(run);
    if (bad) problems.push(`${run.args[0]}: ${bad}`);
  }
  if (problems.length > 0) return problems;
  const json = lintJson(lint);
  if (typeof json === 'string') {
    if (json !== 'exit 2') problems.push(`lint --output json: ${json}`);
  } else {
    for (const file of mustFail) {
      if (!json.findings.some((f) => f.file === file && f.severity === 'error')) problems.push(`lint: no error finding for ${file}`);
    }
  }
  if (mustFail.length > 0 && dflt.status !== 1 && dflt.status !== 2) problems.push(`default: exit ${dflt.status} although ${mustFail.join(', ')} must fail`);
  if (mustFail.length > 0 && dflt.status === 1) {
    for (const file of mustFail) if (!dflt.stderr.includes(`${file}:`)) problems.push(`default: says nothing about ${file}`);
    if (dflt.stdout !== '') problems.push('default: printed manifests although the input has errors');
  }
  return problems;
}

describe('hardening: mdbkit lint and mdbkit default on broken, hostile and huge input', function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-cli-fuzz-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`ends well on ${BATCH * BATCHES} generated inputs (folders of ${BATCH}, lint and default each)`, async () => {
    const cases = fc.sample(cliCase, { numRuns: BATCH * BATCHES, seed: SEED });
    const problems: string[] = [];
    await runPool(BATCHES, 1, async (b) => {
      const folder = `batch-${b}`;
      mkdirSync(join(dir, folder));
      const files = cases.slice(b * BATCH, (b + 1) * BATCH).map((c, i) => {
        const name = `${folder}/case-${String(b * BATCH + i).padStart(3, '0')}.${c.ext}`;
        writeFileSync(join(dir, name), c.bytes);
        return { name, c };
      });
      const mustFail = files.filter((f) => f.c.expect === 'error').map((f) => f.name);
      const [lint, dflt] = await Promise.all([runBounded(['lint', '--output', 'json', folder], { cwd: dir }), runBounded(['default', folder], { cwd: dir })]);
      const found = judge(lint, dflt, mustFail);
      if (found.length === 0) return;
      // Name the culprits: each file of the folder alone.
      const culprits: string[] = [];
      for (const { name, c } of files) {
        const [one, oneDefault] = await Promise.all([
          runBounded(['lint', '--output', 'json', name], { cwd: dir }),
          runBounded(['default', name], { cwd: dir }),
        ]);
        const alone = judge(one, oneDefault, c.expect === 'error' ? [name] : []);
        if (alone.length > 0)
          culprits.push(
            `${name} (${summarize(c)}), kept as ${keep(join(dir, name), `seed-${SEED}-${name.replace('/', '-')}`)}:\n      ${alone.join('\n      ')}`,
          );
      }
      problems.push(`${folder}: ${found.join('; ')}\n    ${culprits.length > 0 ? culprits.join('\n    ') : 'no single file fails alone'}`);
    });
    assert.equal(problems.length, 0, `seed ${SEED}:\n  ${problems.join('\n  ')}`);
  });

  const HEAVY_LIMITS = { cpuSeconds: Math.max(CLI_LIMITS.cpuSeconds, 60), maxOldSpaceMb: Math.max(CLI_LIMITS.maxOldSpaceMb, 1536) };
  for (const heavy of HEAVY_CASES) {
    it(`ends well on ${heavy.name}`, async () => {
      const bytes = heavy.make();
      const viaStdin = heavy.name.includes('standard input');
      const name = `heavy-${heavy.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.yaml`;
      writeFileSync(join(dir, name), bytes);
      const target = viaStdin ? '-' : name;
      const input = viaStdin ? bytes : undefined;
      // ~10 MB inputs: mdbkit holds the YAML syntax tree of a file, about 100 times its size, so these
      // get a larger but still fixed budget (a known cost, noted for a streaming reader later).
      const options = { cwd: dir, cpuSeconds: HEAVY_LIMITS.cpuSeconds, maxOldSpaceMb: HEAVY_LIMITS.maxOldSpaceMb, ...(input ? { input } : {}) };
      const [lint, dflt] = await Promise.all([runBounded(['lint', '--output', 'json', target], options), runBounded(['default', target], options)]);
      const problems = judge(lint, dflt, heavy.expect === 'error' ? [viaStdin ? '<stdin>' : name] : []);
      const cpu = (run: BoundedRun) => (run.cpuSeconds === undefined ? 'unknown' : `${run.cpuSeconds.toFixed(1)} s`);
      const times = `lint ${cpu(lint)} CPU (exit ${lint.status ?? lint.signal}), default ${cpu(dflt)} CPU (exit ${dflt.status ?? dflt.signal}), ${(bytes.length / 1e6).toFixed(1)} MB, limits ${HEAVY_LIMITS.cpuSeconds} s of CPU and ${HEAVY_LIMITS.maxOldSpaceMb} MB`;
      if (problems.length > 0) keep(join(dir, name), name);
      assert.equal(problems.length, 0, `${problems.join('\n')}\n(${times}; input kept as ${join(FAILURES_DIR, name)})`);
    });
  }
});

function summarize(c: CliCase): string {
  return `${c.kind}, ${c.bytes.length} bytes, expect ${c.expect}`;
}

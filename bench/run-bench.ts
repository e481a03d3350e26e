// `npm run bench` (after `npm run build`): the webhook under load beside bare https and bare express, the
// linter beside a parse-only floor, the generator's wall time and the webhook's memory. Prints markdown
// tables and the targets, and writes the same figures as JSON to bench/results.json. Never part of `npm test`.
//
//   tsx bench/run-bench.ts                      everything (a few minutes on 2 cores)
//   tsx bench/run-bench.ts --only webhook,lint  some parts; results.json is written only for a full run
//   tsx bench/run-bench.ts --quick             short phases, to check the setup; no results.json
//   tsx bench/run-bench.ts --webhook-node-flags='--max-semi-space-size=4'   node flags for mdbkit serve instead of
//                                               the chart's heap cap (--max-old-space-size=128); '' for none
//   tsx bench/run-bench.ts --keep-logs DIR      keep the servers' standard output (the webhook's request log)
//   tsx bench/run-bench.ts --profile DIR        the webhook alone under `node --cpu-prof` (profiles in DIR),
//                                               then a summary of where its time went; no results.json
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { choosePinning } from './cpu-pinning.js';
import { runGenerateBench } from './generate-bench.js';
import { runLintBench } from './lint-bench.js';
import { machineFacts } from './machine.js';
import { formatProfileSummary, summariseProfiles } from './profile-summary.js';
import { checkTargets, formatReport, writeResults, type BenchResults } from './report.js';
import { runWebhookBench } from './webhook-bench.js';
import { runStartupBench } from './startup-bench.js';
import { ensureDevCertificate } from '../webhook/dev-certificate.js';
import { LARGE_SERVERS, runLargeObjectBench } from './large-object-bench.js';

const PARTS = ['webhook', 'startup', 'lint', 'generate', 'large'] as const;
type Part = (typeof PARTS)[number];

const SETTINGS: BenchResults['settings'] = {
  connections: [1, 16, 64],
  durationSeconds: 3,
  warmupSeconds: 2,
  rate: 1000,
  rateSeconds: 5,
  rateConnections: 10,
  pacedMaxConnections: 16,
  // As the webhook chart runs it (maxHeapMiB): the RSS target is judged with the heap capped the same way.
  webhookNodeFlags: ['--max-old-space-size=128'],
};
const QUICK: BenchResults['settings'] = { ...SETTINGS, durationSeconds: 1, warmupSeconds: 1, rateSeconds: 1 };

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      profile: { type: 'string' },
      quick: { type: 'boolean' },
      'webhook-node-flags': { type: 'string' },
      'keep-logs': { type: 'string' },
    },
  });
  const flags = values['webhook-node-flags']?.split(/\s+/).filter(Boolean) ?? [];
  const settings: BenchResults['settings'] = {
    ...(values.quick ? QUICK : SETTINGS),
    ...(values['webhook-node-flags'] !== undefined ? { webhookNodeFlags: flags } : {}),
  };
  const runs = values.quick ? 1 : 3;
  const only = values.only ? (values.only.split(',').map((p) => p.trim()) as Part[]) : [...PARTS];
  for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only: unknown part "${part}" (${PARTS.join(', ')})`);
  const profileDir = values.profile ? resolve(values.profile) : undefined;
  const parts = new Set<Part>(profileDir ? ['webhook'] : only);

  const machine = machineFacts(PROJECT_ROOT);
  const pinning = choosePinning();
  progress(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; pinning: ${pinning.description}`);
  if (machine.loadAverageAtStart > 0.5)
    progress(`warning: load average ${machine.loadAverageAtStart.toFixed(2)}: something else is running, so the figures will be noisy`);
  const tmpDir = mkdtempSync(join(tmpdir(), 'mdbkit-bench-'));
  // Also when Ctrl-C ends the run half way (children.ts exits the process then).
  process.once('exit', () => rmSync(tmpDir, { recursive: true, force: true }));
  try {
    const partial: Omit<BenchResults, 'targets'> = { machine, pinning, settings };
    if (parts.has('lint')) {
      progress(`lint: 5,000 documents in 50 files and one small file, ${runs} run(s) or more each of mdbkit lint and the parse-only floor`);
      partial.lint = runLintBench({ tmpDir, runs });
    }
    if (parts.has('startup')) {
      progress(`startup: mdbkit serve --offline and a bare https server, spawn to ready, ${runs} run(s)`);
      const { files } = ensureDevCertificate(join(tmpDir, 'startup-certs'));
      partial.startup = await runStartupBench({ tmpDir, tls: files, core: pinning.server, runs });
    }
    if (parts.has('generate')) {
      progress(`generate: ${runs} run(s)`);
      partial.generate = runGenerateBench({ tmpDir, runs });
    }
    if (parts.has('large')) {
      progress(`large: a MaxScale with ${LARGE_SERVERS.toLocaleString('en')} servers on /validate and /mutate, ${runs} run(s)`);
      partial.large = await runLargeObjectBench({ runs });
    }
    if (parts.has('webhook')) {
      progress(profileDir ? `webhook under --cpu-prof, profiles in ${profileDir}` : 'webhook: mdbkit serve, bare https, bare express');
      if (profileDir) mkdirSync(profileDir, { recursive: true });
      partial.webhook = await runWebhookBench({
        ...settings,
        tmpDir,
        pinning,
        baselines: !profileDir,
        ...(profileDir ? { cpuProfDir: profileDir } : {}),
        ...(values['keep-logs'] ? { keepLogsDir: resolve(values['keep-logs']) } : {}),
        log: progress,
      });
    }
    const results: BenchResults = { ...partial, targets: checkTargets(partial) };
    process.stdout.write(formatReport(results));
    if (profileDir && partial.webhook) {
      process.stdout.write(`\n### Where the webhook's time went (node --cpu-prof; figures above are slowed by the profiler)\n\n`);
      process.stdout.write(formatProfileSummary(summariseProfiles(profileDir, { skipMs: partial.webhook.startupMs })));
    } else if (parts.size === PARTS.length && !values.quick) {
      const file = join(PROJECT_ROOT, 'bench', 'results.json');
      writeResults(file, results);
      progress(`wrote ${file}`);
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

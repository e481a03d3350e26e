// What a run prints and keeps: markdown tables (pasted as they are into BENCHMARKS.md), the targets the team
// works toward with met or not met, and the same figures as JSON in bench/results.json.
import { writeFileSync } from 'node:fs';
import type { Pinning } from './cpu-pinning.js';
import type { GenerateResults } from './generate-bench.js';
import type { LargeObjectResults } from './large-object-bench.js';
import type { LintResults, RunTimes } from './lint-bench.js';
import type { LoadFigures } from './load.js';
import type { MachineFacts } from './machine.js';
import type { StartupResults } from './startup-bench.js';
import type { RunFigures, ServerName, WebhookBenchOptions, WebhookResults } from './webhook-bench.js';

export interface BenchResults {
  machine: MachineFacts;
  pinning: Pinning;
  settings: Omit<WebhookBenchOptions, 'tmpDir' | 'pinning' | 'log' | 'baselines' | 'cpuProfDir'>;
  webhook?: WebhookResults;
  lint?: LintResults;
  generate?: GenerateResults;
  large?: LargeObjectResults;
  startup?: StartupResults;
  targets: TargetCheck[];
}

export interface TargetCheck {
  /** What is measured, as issue 17's table names it. */
  figure: string;
  target: string;
  measured: string;
  /** Undefined when the part that measures it did not run. */
  met?: boolean;
}

/** RSS moves by a few MiB as V8 resizes its heap; more than this after the run than after warm-up counts as growth. */
export const RSS_GROWTH_TOLERANCE_MIB = 5;

const SERVER_LABEL: Record<ServerName, string> = { webhook: 'mdbkit serve', https: 'bare https', express: 'bare express' };
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');
const ratio = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
const mib = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));

const percent = (share: number | undefined) => (share === undefined ? '–' : `${Math.round(100 * share)}%`);

function failures(f: LoadFigures): string {
  const parts = [f.non2xx && `${f.non2xx} non-2xx`, f.errors && `${f.errors} errors`, f.timeouts && `${f.timeouts} timeouts`].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : '0';
}

export function checkTargets(results: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const w = results.webhook;
  const worst = (values: number[]) => (values.length > 0 ? Math.max(...values) : undefined);

  // CPU time per answer where the servers are saturated (16 and 64 connections): capacity on one core, which
  // neighbours on a shared machine change less than requests per second.
  const mutateCells = (w?.saturation ?? []).filter((c) => c.route === 'mutate' && c.connections >= 16);
  const cpuRatios = mutateCells.flatMap((c) => {
    const webhook = c.figures.webhook?.cpuMsPerRequest;
    const express = c.figures.express?.cpuMsPerRequest;
    return webhook && express ? [{ c, ratio: webhook / express, webhook, express }] : [];
  });
  const cpuWorst = worst(cpuRatios.map((r) => r.ratio));
  checks.push({
    figure: '`/mutate` CPU per answer vs bare express',
    target: '≤ 1.25×',
    measured:
      cpuWorst !== undefined
        ? `${ratio(cpuWorst)}× at worst (${cpuRatios.map((r) => `c=${r.c.connections}: ${r.webhook.toFixed(3)} vs ${r.express.toFixed(3)} ms`).join('; ')})`
        : 'not run',
    ...(cpuWorst !== undefined ? { met: cpuWorst <= 1.25 } : {}),
  });

  const paced = (server: ServerName) => w?.fixedRate.filter((r) => r.server === server && r.figures.client === 'paced') ?? [];
  const p99Ratios = paced('webhook').flatMap((run) => {
    const express = paced('express').find((r) => r.route === run.route);
    return express ? [{ run, express, ratio: run.figures.latency.p99Ms / express.figures.latency.p99Ms }] : [];
  });
  const p99Worst = worst(p99Ratios.map((r) => r.ratio));
  checks.push({
    figure: "p99 at half of bare express's capacity (paced open-model client)",
    target: "≤ 2× bare express's p99",
    measured:
      p99Worst !== undefined
        ? `${ratio(p99Worst)}× at worst (${p99Ratios.map((r) => `/${r.run.route} at ${r.run.rate} req/s: ${ms(r.run.figures.latency.p99Ms)} vs ${ms(r.express.figures.latency.p99Ms)} ms`).join('; ')})`
        : 'not run',
    ...(p99Worst !== undefined ? { met: p99Worst <= 2 } : {}),
  });

  const lint = results.lint;
  checks.push({
    figure: `lint throughput vs the \`yaml\` parse-only floor (${lint ? lint.documents.toLocaleString('en') : '–'} documents)`,
    target: '≥ 0.8',
    measured: lint
      ? `${ratio(lint.ratioLintToParse)} (${Math.round(lint.lint.documentsPerSecond)} vs ${Math.round(lint.parseOnlyFloor.documentsPerSecond)} documents/s); by CPU time ${ratio(lint.cpuRatioLintToParse)}`
      : 'not run',
    ...(lint ? { met: lint.ratioLintToParse >= 0.8 } : {}),
  });
  const one = lint?.oneFile;
  checks.push({
    figure: 'lint of one small file, CPU time vs the floor on the same file',
    target: '≤ 2×',
    measured:
      one?.cpuRatioLintToParse !== undefined
        ? `${ratio(one.cpuRatioLintToParse)}× (${one.lint.cpuSeconds!.toFixed(2)} s vs ${one.parseOnlyFloor.cpuSeconds!.toFixed(2)} s, ${one.documents} documents)`
        : 'not run',
    ...(one?.cpuRatioLintToParse !== undefined ? { met: one.cpuRatioLintToParse <= 2 } : {}),
  });

  const start = results.startup;
  checks.push({
    figure: 'webhook start to ready (`--offline`, no cluster lookups)',
    target: '≤ 1 s',
    measured: start
      ? `${(start.bestWebhookMs / 1000).toFixed(2)} s best of ${start.runs} (${start.webhookMs.map((v) => (v / 1000).toFixed(2)).join(', ')} s; CPU ${start.webhookCpuSeconds.map((v) => v.toFixed(2)).join(', ')} s); a bare https server: ${(start.bestFloorMs / 1000).toFixed(2)} s`
      : 'not run',
    ...(start ? { met: start.bestWebhookMs <= 1000 } : {}),
  });

  const gen = results.generate;
  const genCpu = gen && gen.allCpuSeconds.length > 0 ? Math.min(...gen.allCpuSeconds) : undefined;
  checks.push({
    figure: '`mdbkit generate`, CPU (every kind and operator version)',
    target: '< 2 s',
    measured: gen
      ? `${genCpu === undefined ? '–' : genCpu.toFixed(2)} s CPU, best of ${gen.runs} (wall ${gen.seconds.toFixed(2)} s; ${gen.output})`
      : 'not run',
    ...(genCpu !== undefined ? { met: genCpu < 2 } : {}),
  });

  const mem = w?.memory;
  const c0 = mem?.collectedAfterWarmup;
  const c1 = mem?.collectedAfterRun;
  const growth = c0 && c1 ? c1.rssMiB - c0.rssMiB : undefined;
  const flags = results.settings.webhookNodeFlags?.join(' ') || 'no heap cap';
  checks.push({
    figure: `webhook RSS under the bench load (${flags})`,
    target: `< 128 MiB steady, no growth (≤ ${RSS_GROWTH_TOLERANCE_MIB} MiB after full GCs)`,
    measured: mem
      ? `peak ${mib(mem.peakDuringLoadMiB)} MiB during the load, ${mib(mem.afterWarmupMiB)} after warm-up, ${mib(mem.afterRunMiB)} after; after full GCs ${mib(c0?.rssMiB)} → ${mib(c1?.rssMiB)} MiB (heap used ${mib(c0?.heapUsedMiB)} → ${mib(c1?.heapUsedMiB)} MiB)`
      : 'not run',
    ...(mem?.peakDuringLoadMiB !== undefined && growth !== undefined ? { met: mem.peakDuringLoadMiB < 128 && growth <= RSS_GROWTH_TOLERANCE_MIB } : {}),
  });

  const large = results.large;
  checks.push({
    figure: 'the largest object the API server accepts (60,000-server MaxScale), CPU of one core',
    target: '< 1 s',
    measured: large ? large.figures.map((f) => `/${f.route} ${ms(f.cpuMs)} ms, answer ${f.answerBytes} bytes`).join('; ') : 'not run',
    ...(large ? { met: large.figures.every((f) => f.cpuMs < 1000) } : {}),
  });
  return checks;
}

function lintRow(label: string, t: RunTimes): string[] {
  return [
    label,
    t.seconds.toFixed(2),
    String(Math.round(t.documentsPerSecond)),
    t.cpuSeconds === undefined ? '–' : t.cpuSeconds.toFixed(2),
    t.allSeconds.map((v, i) => `${v.toFixed(2)} (${t.allCpuSeconds[i]?.toFixed(2) ?? '–'})`).join(', '),
  ];
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const m = results.machine;
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores (${m.availableCores} available), ${m.memoryMiB} MiB, ${m.os}, Node ${m.node}; ${m.date}; load average at start ${m.loadAverageAtStart.toFixed(2)}`,
  );
  out.push(`Pinning: ${results.pinning.description}`);
  if (m.code)
    out.push(
      `Code: commit ${m.code.commit}${m.code.changedFiles.length > 0 ? ` with ${m.code.changedFiles.length} files changed outside bench/ (${m.code.changedFiles.slice(0, 8).join(', ')}${m.code.changedFiles.length > 8 ? ', …' : ''})` : ', no changes outside bench/'}`,
    );
  const w = results.webhook;
  if (w) {
    const s = results.settings;
    out.push(`Requests: ${w.routes.map((r) => `POST ${r.path} with ${r.description}`).join('; ')}`);
    if (s.webhookNodeFlags) out.push(`mdbkit serve ran with node flags: ${s.webhookNodeFlags.join(' ')}`);
    const others = [...w.saturation.flatMap((c) => Object.values(c.figures)), ...w.fixedRate.map((r) => r.figures)]
      .map((f) => f.serverCore?.others)
      .filter((v): v is number => v !== undefined);
    const loadOthers = [...w.saturation.flatMap((c) => Object.values(c.figures)), ...w.fixedRate.map((r) => r.figures)]
      .map((f) => f.loadCoreOthers)
      .filter((v): v is number => v !== undefined);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    if (others.length > 0)
      out.push(`Other processes' share of the server core during the measured phases: mean ${percent(mean(others))}, at most ${percent(Math.max(...others))}`);
    if (loadOthers.length > 0)
      out.push(`Other processes' share of the load generator's core: mean ${percent(mean(loadOthers))}, at most ${percent(Math.max(...loadOthers))}`);
    out.push(`\n### Webhook at saturation (${s.durationSeconds} s per cell, autocannon, 1 request in flight per connection)\n`);
    const rows: string[][] = [];
    for (const cell of w.saturation) {
      for (const [name, f] of Object.entries(cell.figures) as Array<[ServerName, RunFigures]>) {
        rows.push([
          `/${cell.route}`,
          String(cell.connections),
          SERVER_LABEL[name],
          String(Math.round(f.requestsPerSecond)),
          ms(f.latency.p50Ms),
          ms(f.latency.p99Ms),
          ms(f.latency.maxMs),
          failures(f),
          f.cpuMsPerRequest === undefined ? '–' : f.cpuMsPerRequest.toFixed(3),
          percent(f.serverCore?.server),
          percent(f.serverCore?.others),
        ]);
      }
    }
    out.push(
      table(
        ['route', 'connections', 'server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'failures', 'CPU ms per answer', 'server CPU', 'others on its core'],
        rows,
      ),
    );
    out.push('\n### Webhook throughput ratios (same run, same cell)\n');
    out.push('Measured: requests per second, webhook / baseline. Capacity: CPU time per answer, baseline / webhook.\n');
    out.push(
      table(
        [
          'route',
          'connections',
          'webhook / bare https (measured)',
          'webhook / bare express (measured)',
          'webhook / bare https (capacity)',
          'webhook / bare express (capacity)',
        ],
        w.saturation.map((c) => [
          `/${c.route}`,
          String(c.connections),
          ratio(c.ratioToHttps),
          ratio(c.ratioToExpress),
          ratio(c.cpuRatioToHttps),
          ratio(c.cpuRatioToExpress),
        ]),
      ),
    );
    out.push(
      `\n### Fixed offered rate for ${s.rateSeconds} s: the paced client at half of bare express's best saturated rate on the route, autocannon at ${s.rate} req/s\n`,
    );
    out.push(
      table(
        [
          'route',
          'server',
          'client',
          'connections',
          'offered req/s',
          'achieved req/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'failures',
          'server CPU',
          'others on its core',
          'others on the load core',
          'client late p99 ms',
        ],
        w.fixedRate.map((r) => [
          `/${r.route}`,
          SERVER_LABEL[r.server],
          r.figures.client === 'paced' ? 'paced (open model)' : 'autocannon overallRate',
          String(r.figures.connections),
          String(r.rate),
          String(Math.round(r.figures.requestsPerSecond)),
          ms(r.figures.latency.p50Ms),
          ms(r.figures.latency.p99Ms),
          ms(r.figures.latency.maxMs),
          failures(r.figures),
          percent(r.figures.serverCore?.server),
          percent(r.figures.serverCore?.others),
          percent(r.figures.loadCoreOthers),
          r.figures.sendLateness ? ms(r.figures.sendLateness.p99Ms) : '–',
        ]),
      ),
    );
    const mem = w.memory;
    out.push('\n### Webhook memory (VmRSS)\n');
    out.push(
      table(
        ['after warm-up MiB', 'peak during load MiB', 'after the run MiB', 'VmHWM MiB', 'samples'],
        [[mib(mem.afterWarmupMiB), mib(mem.peakDuringLoadMiB), mib(mem.afterRunMiB), mib(mem.highWaterMarkMiB), String(mem.samples)]],
      ),
    );
    if (mem.collectedAfterWarmup && mem.collectedAfterRun) {
      out.push('\nAfter full garbage collections (SIGUSR2 to test/support/gc-on-signal.cjs, preloaded into the webhook):\n');
      out.push(
        table(
          ['', 'RSS MiB', 'heap used MiB', 'heap total MiB'],
          [
            ['after warm-up', mib(mem.collectedAfterWarmup.rssMiB), mib(mem.collectedAfterWarmup.heapUsedMiB), mib(mem.collectedAfterWarmup.heapTotalMiB)],
            ['after the run', mib(mem.collectedAfterRun.rssMiB), mib(mem.collectedAfterRun.heapUsedMiB), mib(mem.collectedAfterRun.heapTotalMiB)],
          ],
        ),
      );
    }
    const h0 = mem.heapAfterWarmup;
    const h1 = mem.heapAfterRun;
    if (h0 && h1) {
      out.push('\nFrom its /metrics (V8, no forced GC):\n');
      out.push(
        table(
          ['', 'heap used MiB', 'heap total MiB', 'old space used MiB', 'external MiB', 'GC seconds since start'],
          [
            ['after warm-up', mib(h0.heapUsedMiB), mib(h0.heapTotalMiB), mib(h0.oldSpaceUsedMiB), mib(h0.externalMiB), h0.gcSeconds.toFixed(2)],
            ['after the run', mib(h1.heapUsedMiB), mib(h1.heapTotalMiB), mib(h1.oldSpaceUsedMiB), mib(h1.externalMiB), h1.gcSeconds.toFixed(2)],
          ],
        ),
      );
      const gc = h1.gcSeconds - h0.gcSeconds;
      if (Number.isFinite(gc))
        out.push(`\nGarbage collection during the measured load: ${gc.toFixed(2)} s of ${mem.loadSeconds.toFixed(0)} s (${percent(gc / mem.loadSeconds)})`);
    }
    out.push(`\nWebhook RSS after each saturation cell: ${w.saturation.map((c) => `/${c.route} c=${c.connections} ${mib(c.webhookRssMiB)}`).join(', ')} MiB`);
    out.push(`Error lines in the webhook's log: ${w.webhookErrorLines}`);
  }
  const lint = results.lint;
  if (lint) {
    out.push(`\n### Lint: ${lint.documents} documents in ${lint.files} files (best of ${lint.runs})\n`);
    out.push(
      table(
        ['run', 'seconds', 'documents/s', 'CPU seconds', 'all runs: wall (CPU) s'],
        [lintRow('mdbkit lint', lint.lint), lintRow('yaml parse only (floor)', lint.parseOnlyFloor)],
      ),
    );
    out.push(`\nlint / parse-only throughput: ${ratio(lint.ratioLintToParse)} by wall time, ${ratio(lint.cpuRatioLintToParse)} by CPU time`);
    const one = lint.oneFile;
    if (one) {
      out.push(`\n### Lint of one small file (${one.documents} documents, best of ${one.lint.allSeconds.length})\n`);
      out.push(
        table(
          ['run', 'seconds', 'documents/s', 'CPU seconds', 'all runs: wall (CPU) s'],
          [lintRow('mdbkit lint', one.lint), lintRow('yaml parse only (floor)', one.parseOnlyFloor)],
        ),
      );
      out.push(`\nlint / floor CPU time: ${ratio(one.cpuRatioLintToParse)}`);
    }
  }
  const start = results.startup;
  if (start) {
    out.push(`\n### Start to ready (spawn to the first 200 on /readyz, ${start.runs} runs)\n`);
    out.push(
      table(
        ['server', 'best s', 'all runs s', 'CPU at ready s'],
        [
          [
            'mdbkit serve --offline',
            (start.bestWebhookMs / 1000).toFixed(2),
            start.webhookMs.map((v) => (v / 1000).toFixed(2)).join(', '),
            start.webhookCpuSeconds.map((v) => v.toFixed(2)).join(', '),
          ],
          ['bare https (floor)', (start.bestFloorMs / 1000).toFixed(2), start.floorMs.map((v) => (v / 1000).toFixed(2)).join(', '), '–'],
        ],
      ),
    );
  }
  const gen = results.generate;
  if (gen) {
    out.push(`\n### Generate (best of ${gen.runs})\n`);
    out.push(
      table(
        ['command', 'seconds', 'all runs: wall (CPU) s', 'output'],
        [
          [
            'mdbkit generate --out <scratch>',
            gen.seconds.toFixed(2),
            gen.allSeconds.map((v, i) => `${v.toFixed(2)} (${gen.allCpuSeconds[i]?.toFixed(2) ?? '–'})`).join(', '),
            gen.output,
          ],
        ],
      ),
    );
  }
  const large = results.large;
  if (large) {
    out.push(
      `\n### The largest object (a MaxScale with ${large.servers} servers), in-process on one thread, best of ${large.figures[0]?.allCpuMs.length ?? 0}\n`,
    );
    out.push(
      table(
        ['route', 'request bytes', 'CPU ms', 'all runs (CPU ms)', 'answer bytes', 'result'],
        large.figures.map((f) => [
          `/${f.route}`,
          String(large.requestBytes[f.route]),
          ms(f.cpuMs),
          f.allCpuMs.map(ms).join(', '),
          String(f.answerBytes),
          f.result,
        ]),
      ),
    );
  }
  out.push('\n### Targets (each a ratio to its floor in this run, or a limit)\n');
  out.push(
    table(
      ['figure', 'target', 'measured', 'met?'],
      results.targets.map((t) => [t.figure, t.target, t.measured, t.met === undefined ? '–' : t.met ? 'met' : 'not met']),
    ),
  );
  return `${out.join('\n')}\n`;
}

export function writeResults(path: string, results: BenchResults): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

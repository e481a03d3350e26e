// The webhook under load, beside its two floors: `mdbkit serve` (the real binary, with an informer cache fed
// by a fake API server), a bare node https server and a bare express app (baseline-servers.ts), all three
// running at once, pinned to the same core, and loaded one after the other, cell by cell, so that a
// machine's drift hits the three alike. The load comes from load.ts in its own process on another core.
import { request } from 'node:https';
import { closeSync, copyFileSync, createReadStream, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { ensureDevCertificate } from '../webhook/dev-certificate.js';
import type { Pinning } from './cpu-pinning.js';
import { watchCore, type CoreShares } from './cpu-accounting.js';
import { startFakeApiServer, type KubeObject } from './fake-api-server.js';
import { readHeapFigures, type HeapFigures } from './heap-metrics.js';
import { runLoad, type LoadFigures, type LoadPlan } from './load.js';
import { MIB, RssSampler, readRss } from './memory.js';
import { freePort, startServerProcess, type ServerProcess } from './server-process.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'admission-v1.26');

export type ServerName = 'webhook' | 'https' | 'express';
export type RouteName = 'mutate' | 'validate';

export interface Route {
  name: RouteName;
  /** As the API server calls it. */
  path: string;
  fixture: string;
  description: string;
}

export const ROUTES: readonly Route[] = [
  { name: 'mutate', path: '/mutate?timeout=5s', fixture: '003', description: 'fixture 003: a MaxScale CREATE that gets defaults (JSON Patch)' },
  { name: 'validate', path: '/validate?timeout=5s', fixture: '028', description: 'fixture 028 without spec.monitor.module: a denial (422)' },
];

export interface WebhookBenchOptions {
  tmpDir: string;
  pinning: Pinning;
  connections: readonly number[];
  /** Each saturation cell. */
  durationSeconds: number;
  /** Per server and route, at the highest connection count, before anything is measured. */
  warmupSeconds: number;
  /** The fixed offered rate, requests per second. */
  rate: number;
  rateSeconds: number;
  /** Connections autocannon spreads `overallRate` over. */
  rateConnections: number;
  /** Most keep-alive connections the paced client opens; beyond them requests wait in the client. */
  pacedMaxConnections: number;
  /** Whether to start the two baselines (not when profiling the webhook). */
  baselines: boolean;
  /** Run the webhook under `node --cpu-prof` writing into this folder. */
  cpuProfDir?: string;
  /** Extra node flags for the webhook (experiments such as --max-semi-space-size); none by default. */
  webhookNodeFlags?: string[];
  /** Copy the servers' standard output (the webhook's request log) here at the end. */
  keepLogsDir?: string;
  log?: (line: string) => void;
}

/**
 * A load phase's figures, how the server's core was shared meanwhile, and the server's CPU time per answer:
 * its capacity on one core (1000 / cpuMsPerRequest answers per second), which neighbours on a shared
 * machine hardly change, while they do change the throughput measured.
 */
export type RunFigures = LoadFigures & { serverCore?: CoreShares; cpuMsPerRequest?: number };

export interface SaturationCell {
  route: RouteName;
  connections: number;
  figures: Partial<Record<ServerName, RunFigures>>;
  /** Webhook requests per second divided by the baseline's. */
  ratioToHttps?: number;
  ratioToExpress?: number;
  /** The same from CPU time per answer: the baseline's divided by the webhook's (capacity on one core). */
  cpuRatioToHttps?: number;
  cpuRatioToExpress?: number;
  /** The webhook's VmRSS right after its run in this cell. */
  webhookRssMiB?: number;
}

export interface FixedRateRun {
  route: RouteName;
  server: ServerName;
  figures: RunFigures;
  /** The offered rate, requests per second. */
  rate: number;
}

export interface WebhookMemory {
  /** After the warm-up and a second of rest. */
  afterWarmupMiB?: number;
  /** Highest VmRSS sampled every 100 ms during the measured load. */
  peakDuringLoadMiB?: number;
  /** VmHWM at the end: the peak since the process started, start-up included. */
  highWaterMarkMiB?: number;
  /** After all load and two seconds of rest. */
  afterRunMiB?: number;
  samples: number;
  /** The webhook's /metrics after the warm-up and after the run. */
  heapAfterWarmup?: HeapFigures;
  heapAfterRun?: HeapFigures;
  /** Heap used and RSS right after full garbage collections (gc-on-signal.cjs), after the warm-up and after the run. */
  collectedAfterWarmup?: Collected;
  collectedAfterRun?: Collected;
  /** Wall time of the measured load, to set the GC time against. */
  loadSeconds: number;
}

export interface Collected {
  heapUsedMiB: number;
  /** What V8 keeps reserved for its heap: pages it grew under load and has not given back yet. */
  heapTotalMiB?: number;
  rssMiB: number;
}

export interface WebhookResults {
  routes: readonly Route[];
  saturation: SaturationCell[];
  fixedRate: FixedRateRun[];
  memory: WebhookMemory;
  /** Lines at level error in the webhook's log (should be 0). */
  webhookErrorLines: number;
  /** Milliseconds from starting the webhook's process to the first load: its start-up, for a CPU profile to leave out. */
  startupMs: number;
}

const FIXTURE_FILES = {
  mariadb: '001-mutate-CREATE-mariadbs-mariadb-galera.request.json',
  mutate: '003-mutate-CREATE-maxscales-maxscale-galera.request.json',
  validate: '028-validate-CREATE-maxscales-mxs-bad.request.json',
} as const;

/** The AdmissionReview the API server sent, as captured. */
function fixtureBody(which: keyof typeof FIXTURE_FILES): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(FIXTURES, FIXTURE_FILES[which]), 'utf8')) as { body: Record<string, unknown> }).body;
}

/** The request bodies, written where the load generator reads them. */
function writeBodies(dir: string): Record<RouteName, string> {
  const mutate = fixtureBody('mutate');
  // The captured 028 object is valid as stored (the denial was of an earlier form of it); without the
  // monitor module, which a MaxScale without mariaDbRef must name, the policies deny it with 422.
  const validate = fixtureBody('validate') as { request: { object: { spec: { monitor: Record<string, unknown> } } } };
  delete validate.request.object.spec.monitor.module;
  const files = { mutate: join(dir, 'mutate-003.json'), validate: join(dir, 'validate-028-denied.json') };
  writeFileSync(files.mutate, JSON.stringify(mutate));
  writeFileSync(files.validate, JSON.stringify(validate));
  return files;
}

/** One request with the CA verified: proves the certificate chain and what each server answers. */
function post(url: string, path: string, body: string, ca: string, method = 'POST'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        ca,
        headers: { 'Content-Type': 'application/json' },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.once('timeout', () => req.destroy(new Error(`${method} ${target.href}: no answer in 10 s`)));
    req.once('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

interface ReviewAnswer {
  response?: { uid?: string; allowed?: boolean; patch?: string; status?: { code?: number } };
}

/** Fails unless `server` answers `route` as the benchmark assumes (a wrong answer would be fast for nothing). */
async function checkAnswer(server: ServerName, url: string, route: Route, body: string, ca: string): Promise<void> {
  const { status, text } = await post(url, route.path, body, ca);
  const answer = JSON.parse(text) as ReviewAnswer;
  const uid = (JSON.parse(body) as { request: { uid: string } }).request.uid;
  const fail = (why: string) => {
    throw new Error(`${server} ${route.path}: ${why}: HTTP ${status} ${text.slice(0, 500)}`);
  };
  if (status !== 200 || answer.response?.uid !== uid) fail('not an answer to the request');
  if (server !== 'webhook') return void (answer.response?.allowed !== true && fail('expected allowed'));
  if (route.name === 'mutate') {
    const patch = JSON.parse(Buffer.from(answer.response?.patch ?? '', 'base64').toString('utf8') || '[]') as Array<{
      path: string;
      value?: { module?: unknown };
    }>;
    if (answer.response?.allowed !== true || !patch.some((op) => op.path === '/spec/monitor' && op.value?.module !== undefined))
      fail('expected a patch that adds spec.monitor with the module inferred from the MariaDB (the informer cache must hold it)');
  } else if (answer.response?.allowed !== false || answer.response.status?.code !== 422) fail('expected a 422 denial');
}

async function waitReady(url: string, ca: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { status } = await post(url, '/readyz', '', ca, 'GET').catch(() => ({ status: 0 }));
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error('the webhook was not ready within 30 s (its cluster cache did not sync)');
    await sleep(100);
  }
}

/** The environment the servers get: the developer's cluster settings, mdbkit variables and node options removed. */
function serverEnv(kubeconfig: string, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('MDBKIT_') && key !== 'KUBECONFIG' && key !== 'KUBERNETES_SERVICE_HOST' && !key.startsWith('NODE_')) env[key] = value;
  }
  return { ...env, KUBECONFIG: kubeconfig, HOME: home };
}

const mib = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / MIB);

// The memory tests' preload, shared: full GCs on SIGUSR2, then one log line with what is left.
const GC_ON_SIGNAL = join(PROJECT_ROOT, 'test', 'support', 'gc-on-signal.cjs');

/** The end of a file that may be large (the webhook's request log). */
function tail(file: string, bytes = 64 * 1024): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(bytes, size));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Asks the webhook for full garbage collections (SIGUSR2, gc-on-signal.cjs) and reads what is left from its log. */
async function collect(server: ServerProcess): Promise<Collected | undefined> {
  const asked = Date.now();
  server.child.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    const line = tail(server.logFile)
      .split('\n')
      .filter((l) => l.includes('"msg":"gc-on-signal: collected"'))
      .map((l) => JSON.parse(l) as { at: number; heapUsed: number; heapTotal?: number; rss: number })
      .find((record) => record.at >= asked);
    if (line)
      return { heapUsedMiB: line.heapUsed / MIB, ...(line.heapTotal !== undefined ? { heapTotalMiB: line.heapTotal / MIB } : {}), rssMiB: line.rss / MIB };
  }
  return undefined;
}

export async function runWebhookBench(options: WebhookBenchOptions): Promise<WebhookResults> {
  const log = options.log ?? (() => {});
  const dir = join(options.tmpDir, 'webhook');
  mkdirSync(join(dir, 'home'), { recursive: true });
  const { files: tls } = ensureDevCertificate(join(dir, 'certs'));
  const ca = readFileSync(tls.caFile, 'utf8');
  const bodyFiles = writeBodies(dir);
  const bodies = { mutate: readFileSync(bodyFiles.mutate, 'utf8'), validate: readFileSync(bodyFiles.validate, 'utf8') };

  const mariadb = (fixtureBody('mariadb') as { request: { object: KubeObject } }).request.object;
  const api = await startFakeApiServer([mariadb]);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, api.kubeconfig());

  const servers = new Map<ServerName, ServerProcess>();
  const spawnedAt = performance.now();
  let startupMs: number;
  try {
    const tlsArgs = ['--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--port', '0', '--address', '127.0.0.1'];
    // 0 would turn metrics off: a port free a moment ago, for the heap figures read from /metrics.
    const metricsPort = await freePort();
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const profiling = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
    servers.set(
      'webhook',
      await startServerProcess({
        name: 'mdbkit serve',
        argv: [
          process.execPath,
          '--expose-gc',
          '--require',
          GC_ON_SIGNAL,
          ...(options.webhookNodeFlags ?? []),
          ...profiling,
          join(PROJECT_ROOT, 'bin', 'mdbkit.js'),
          'serve',
          ...tlsArgs,
          '--metrics-port',
          String(metricsPort),
          '--shutdown-delay',
          '0',
        ],
        core: options.pinning.server,
        logFile: join(dir, 'webhook.log'),
        cwd: dir,
        env: serverEnv(kubeconfig, join(dir, 'home')),
      }),
    );
    if (options.baselines) {
      for (const kind of ['https', 'express'] as const) {
        servers.set(
          kind,
          await startServerProcess({
            name: `bare ${kind}`,
            argv: [process.execPath, '--import', 'tsx', join(PROJECT_ROOT, 'bench', 'baseline-servers.ts'), kind, ...tlsArgs],
            core: options.pinning.server,
            logFile: join(dir, `${kind}.log`),
            cwd: PROJECT_ROOT,
            env: serverEnv(kubeconfig, join(dir, 'home')),
          }),
        );
      }
    }
    const webhook = servers.get('webhook')!;
    await waitReady(webhook.url, ca);
    for (const [name, server] of servers) for (const route of ROUTES) await checkAnswer(name, server.url, route, bodies[route.name], ca);
    log(`servers ready and answering as expected: ${[...servers.values()].map((s) => `${s.name} (pid ${s.pid})`).join(', ')}`);

    const load = async (server: ServerName, route: Route, plan: LoadPlan): Promise<RunFigures> => {
      const target = servers.get(server)!;
      const shares = watchCore(options.pinning.server, target.pid);
      const figures = await runLoad(
        { ...plan, url: `${target.url}${route.path}`, bodyFile: bodyFiles[route.name], caFile: tls.caFile },
        { core: options.pinning.load, cwd: PROJECT_ROOT },
      );
      const serverCore = shares();
      const answers = figures.responses + figures.non2xx;
      return serverCore ? { ...figures, serverCore, ...(answers > 0 ? { cpuMsPerRequest: (serverCore.serverSeconds * 1000) / answers } : {}) } : figures;
    };

    startupMs = performance.now() - spawnedAt;
    const warmConnections = Math.max(...options.connections);
    for (const name of servers.keys())
      for (const route of ROUTES) await load(name, route, { mode: 'saturate', connections: warmConnections, durationSeconds: options.warmupSeconds });
    await sleep(1000);
    const afterWarmupRss = readRss(webhook.pid)?.rssBytes;
    const heapAfterWarmup = await readHeapFigures(metricsUrl);
    const collectedAfterWarmup = await collect(webhook);
    const memory: WebhookMemory = {
      afterWarmupMiB: mib(afterWarmupRss),
      samples: 0,
      loadSeconds: 0,
      ...(heapAfterWarmup ? { heapAfterWarmup } : {}),
      ...(collectedAfterWarmup ? { collectedAfterWarmup } : {}),
    };
    // The full collections just asked for leave V8 with shrunk heaps and cold caches: a second of load per
    // route brings the webhook back to its steady state before anything is measured.
    for (const route of ROUTES) await load('webhook', route, { mode: 'saturate', connections: warmConnections, durationSeconds: 1 });
    const loadStart = performance.now();
    log(`warmed up; webhook RSS ${memory.afterWarmupMiB?.toFixed(1)} MiB`);

    const sampler = new RssSampler(webhook.pid, 100);
    sampler.start();
    const saturation: SaturationCell[] = [];
    let turn = 0;
    for (const route of ROUTES) {
      for (const connections of options.connections) {
        const cell: SaturationCell = { route: route.name, connections, figures: {} };
        // Rotating who goes first keeps any drift within a cell from always favouring the same server.
        const names = [...servers.keys()];
        const order = names.map((_, i) => names[(i + turn) % names.length]!);
        turn++;
        for (const name of order) {
          cell.figures[name] = await load(name, route, { mode: 'saturate', connections, durationSeconds: options.durationSeconds });
          if (name === 'webhook') cell.webhookRssMiB = mib(readRss(webhook.pid)?.rssBytes);
        }
        const rps = (name: ServerName) => cell.figures[name]?.requestsPerSecond;
        if (rps('https')) cell.ratioToHttps = rps('webhook')! / rps('https')!;
        if (rps('express')) cell.ratioToExpress = rps('webhook')! / rps('express')!;
        const cpu = (name: ServerName) => cell.figures[name]?.cpuMsPerRequest;
        if (cpu('webhook') && cpu('https')) cell.cpuRatioToHttps = cpu('https')! / cpu('webhook')!;
        if (cpu('webhook') && cpu('express')) cell.cpuRatioToExpress = cpu('express')! / cpu('webhook')!;
        saturation.push(cell);
        log(
          `${route.name} c=${connections}: ${order.map((n) => `${n} ${Math.round(rps(n) ?? 0)} req/s p99 ${cell.figures[n]!.latency.p99Ms.toFixed(2)} ms`).join(', ')}`,
        );
      }
    }

    const fixedRate: FixedRateRun[] = [];
    for (const route of ROUTES) {
      // The paced figure is judged at half of what bare express answered at saturation on this route in this run
      // (its best cell): a load every server here carries, where the tail shows pauses rather than a queue.
      const expressCapacity = Math.max(0, ...saturation.filter((c) => c.route === route.name).map((c) => c.figures.express?.requestsPerSecond ?? 0));
      const pacedRate = expressCapacity > 0 ? Math.round(expressCapacity / 2) : options.rate;
      const autocannonRun = await load('webhook', route, {
        mode: 'autocannon-rate',
        connections: options.rateConnections,
        rate: options.rate,
        durationSeconds: options.rateSeconds,
      });
      fixedRate.push({ route: route.name, server: 'webhook', figures: autocannonRun, rate: options.rate });
      for (const name of servers.keys()) {
        const paced = await load(name, route, {
          mode: 'paced',
          rate: pacedRate,
          durationSeconds: options.rateSeconds,
          warmupSeconds: 1,
          maxSockets: options.pacedMaxConnections,
        });
        fixedRate.push({ route: route.name, server: name, figures: paced, rate: pacedRate });
      }
      log(
        `${route.name} paced at ${pacedRate} req/s (autocannon at ${options.rate}): ${fixedRate
          .filter((r) => r.route === route.name)
          .map((r) => `${r.server}/${r.figures.client} p99 ${r.figures.latency.p99Ms.toFixed(2)} ms`)
          .join(', ')}`,
      );
    }
    sampler.stop();
    memory.loadSeconds = (performance.now() - loadStart) / 1000;
    await sleep(2000);
    const end = readRss(webhook.pid);
    const heapAfterRun = await readHeapFigures(metricsUrl);
    if (heapAfterRun) memory.heapAfterRun = heapAfterRun;
    const collectedAfterRun = await collect(webhook);
    if (collectedAfterRun) memory.collectedAfterRun = collectedAfterRun;
    memory.peakDuringLoadMiB = mib(sampler.peakBytes);
    memory.samples = sampler.samples;
    memory.afterRunMiB = mib(end?.rssBytes);
    memory.highWaterMarkMiB = mib(end?.hwmBytes);

    await Promise.all([...servers.values()].map((s) => s.stop()));
    if (options.keepLogsDir) {
      mkdirSync(options.keepLogsDir, { recursive: true });
      for (const server of servers.values()) copyFileSync(server.logFile, join(options.keepLogsDir, basename(server.logFile)));
    }
    let webhookErrorLines = 0;
    // The log holds a line per request (a hundred MB or so): read as a stream.
    for await (const line of createInterface({ input: createReadStream(webhook.logFile), crlfDelay: Infinity }))
      if (line.includes('"level":"error"')) webhookErrorLines++;
    return { routes: ROUTES, saturation, fixedRate, memory, webhookErrorLines, startupMs };
  } finally {
    await Promise.all([...servers.values()].map((s) => s.stop(5_000)));
    await api.close();
  }
}

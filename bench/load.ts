// Load generation, always in a separate process pinned to its own core, so that the client never competes
// with the server it measures. Two clients:
//
// - autocannon (npm), through its API: saturation at a number of connections, and its `overallRate` for a
//   fixed rate. Latencies are taken from its 'response' events (floating-point milliseconds: its own
//   histogram keeps whole milliseconds only, too coarse for a 2 ms target), leaving out each connection's
//   first response, which carries the TLS handshake.
//   autocannon does not verify the server's certificate: lib/httpClient.js passes `rejectUnauthorized: false`
//   after the caller's tlsOptions, so the development CA given to it changes nothing. The benchmark checks
//   each server's certificate against that CA once, with node's https, before loading it.
// - a paced client (node's https, the development CA verified): requests sent on a fixed schedule whatever
//   the answers do (an open model, as wrk2 does), latency measured from the moment each request was due, so a
//   slow answer cannot hide the requests it delayed (coordinated omission). autocannon's `overallRate` is
//   not that: each connection sends its share of the second's requests back to back and then waits for the
//   next second, so its figure is a burst's latency, not the latency at a steady 1,000 requests per second.
//
// The parent calls runLoad(); the child is this file run with a JSON spec: `node --import tsx bench/load.ts '<spec>'`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './children.js';
import { watchCoreBusy } from './cpu-accounting.js';
import { pinned } from './cpu-pinning.js';

/** What the load is: saturation at some connections, or a fixed offered rate. */
export type LoadPlan = { durationSeconds: number } & (
  | { mode: 'saturate'; connections: number }
  | { mode: 'autocannon-rate'; connections: number; rate: number }
  | { mode: 'paced'; rate: number; warmupSeconds: number; maxSockets: number }
);

export type LoadSpec = LoadPlan & {
  /** Full URL with path and query. */
  url: string;
  bodyFile: string;
  caFile: string;
};

export interface LatencyFigures {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadFigures {
  client: 'autocannon' | 'paced';
  mode: LoadPlan['mode'];
  /** Connections (autocannon) or the most sockets the paced client had open. */
  connections: number;
  offeredRate?: number;
  durationSeconds: number;
  /** 2xx answers; latencies are of these only. */
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx answers per second. */
  requestsPerSecond: number;
  latency: LatencyFigures;
  /** Paced client only: how late requests left against their schedule (the client's own precision). */
  sendLateness?: LatencyFigures;
  /** CPU time of the load generator's process, start-up included. */
  clientCpuSeconds?: number;
  /** Share of the load core other processes took meanwhile (0..1): a busy neighbour makes the client late. */
  loadCoreOthers?: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

export function latencyFigures(latencies: Float64Array | number[]): LatencyFigures {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: sorted.length, meanMs: sum / sorted.length, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] ?? NaN };
}

/** A growable list of float milliseconds. */
class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

const HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

async function runAutocannon(spec: Extract<LoadSpec, { mode: 'saturate' | 'autocannon-rate' }>): Promise<LoadFigures> {
  // Imported here, not at the top: the parent process, which only spawns this file, never needs it.
  const { default: autocannon } = await import('autocannon');
  const body = readFileSync(spec.bodyFile);
  const latencies = new Samples();
  const seen = new WeakSet<object>();
  const instance = autocannon({
    url: spec.url,
    method: 'POST',
    headers: HEADERS,
    body,
    connections: spec.connections,
    pipelining: 1,
    duration: spec.durationSeconds,
    timeout: REQUEST_TIMEOUT_MS / 1000,
    tlsOptions: { ca: readFileSync(spec.caFile) },
    ...(spec.mode === 'autocannon-rate' ? { overallRate: spec.rate } : {}),
  });
  instance.on('response', (client: object, statusCode: number, _bytes: number, responseTimeMs: number) => {
    if (!seen.has(client)) {
      seen.add(client);
      return;
    }
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  return {
    client: 'autocannon',
    mode: spec.mode,
    connections: spec.connections,
    ...(spec.mode === 'autocannon-rate' ? { offeredRate: spec.rate } : {}),
    durationSeconds: result.duration,
    responses: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: result['2xx'] / result.duration,
    latency: latencyFigures(latencies.values()),
  };
}

async function runPaced(spec: Extract<LoadSpec, { mode: 'paced' }>): Promise<LoadFigures> {
  const body = readFileSync(spec.bodyFile);
  const url = new URL(spec.url);
  // A bounded pool of keep-alive connections, as an API server keeps a few open to a webhook. Past it,
  // requests wait in the client, and the wait counts (latency runs from when each was due); an unbounded pool
  // would answer a stall by opening dozens of connections at once, whose TLS handshakes (a few milliseconds
  // of the server's CPU each) make a longer stall: a storm of connections, not of admission requests.
  const agent = new Agent({ keepAlive: true, maxSockets: spec.maxSockets, ca: readFileSync(spec.caFile) });
  const headers = { ...HEADERS, 'Content-Length': String(body.length) };
  let mostSockets = 0;

  // One phase: `count` requests, the i-th due at start + i / rate. Sent from a loop of setImmediate rather
  // than timers, whose millisecond granularity would add its own lateness to every figure.
  const phase = (seconds: number) =>
    new Promise<{ latencies: Samples; lateness: Samples; responses: number; non2xx: number; errors: number; timeouts: number; seconds: number }>((done) => {
      const count = Math.round(seconds * spec.rate);
      const intervalMs = 1000 / spec.rate;
      const latencies = new Samples();
      const lateness = new Samples();
      const tally = { responses: 0, non2xx: 0, errors: 0, timeouts: 0 };
      let sent = 0;
      let finished = 0;
      const start = performance.now();
      const finish = () => {
        if (++finished === count) done({ latencies, lateness, ...tally, seconds: (performance.now() - start) / 1000 });
      };
      const send = (dueAt: number) => {
        lateness.push(performance.now() - dueAt);
        const req = request(
          { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers, timeout: REQUEST_TIMEOUT_MS },
          (res) => {
            res.resume();
            res.once('end', () => {
              const status = res.statusCode ?? 0;
              if (status >= 200 && status < 300) {
                tally.responses++;
                latencies.push(performance.now() - dueAt);
              } else tally.non2xx++;
              finish();
            });
          },
        );
        let timedOut = false;
        req.once('timeout', () => {
          timedOut = true;
          tally.timeouts++;
          req.destroy(new Error('timeout'));
        });
        req.once('error', () => {
          if (!timedOut) tally.errors++;
          finish();
        });
        req.end(body);
      };
      // Allocates nothing unless a request is due: the loop runs a million times a second, and its garbage
      // would bring the client's own GC pauses into the figures.
      const tick = () => {
        const now = performance.now();
        if (sent < count && start + sent * intervalMs <= now) {
          while (sent < count && start + sent * intervalMs <= now) send(start + intervalMs * sent++);
          let sockets = 0;
          for (const list of Object.values(agent.sockets)) sockets += list?.length ?? 0;
          mostSockets = Math.max(mostSockets, sockets);
        }
        if (sent < count) setImmediate(tick);
      };
      tick();
    });

  await phase(spec.warmupSeconds);
  mostSockets = 0;
  const measured = await phase(spec.durationSeconds);
  agent.destroy();
  return {
    client: 'paced',
    mode: 'paced',
    connections: mostSockets,
    offeredRate: spec.rate,
    durationSeconds: measured.seconds,
    responses: measured.responses,
    non2xx: measured.non2xx,
    errors: measured.errors,
    timeouts: measured.timeouts,
    requestsPerSecond: measured.responses / measured.seconds,
    latency: latencyFigures(measured.latencies.values()),
    sendLateness: latencyFigures(measured.lateness.values()),
  };
}

/** Runs one load phase in a child process pinned to `core`; resolves with its figures. */
export function runLoad(spec: LoadSpec, options: { core: number | undefined; cwd: string }): Promise<LoadFigures> {
  const { command, args } = pinned(options.core, [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(spec)]);
  const loadCore = watchCoreBusy(options.core);
  const child = track(spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const limitMs = (spec.durationSeconds + (spec.mode === 'paced' ? spec.warmupSeconds : 0) + 30) * 1000;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    // 'close', not 'exit': only then has all of its standard output been read.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`load generator (${spec.mode} ${spec.url}) failed (${code ?? signal}):\n${stderr.slice(-4000)}`));
      let figures: LoadFigures;
      try {
        figures = JSON.parse(stdout) as LoadFigures;
      } catch {
        return reject(new Error(`load generator printed no result:\n${stdout.slice(0, 2000)}\n${stderr.slice(-2000)}`));
      }
      const core = loadCore();
      if (core && figures.clientCpuSeconds !== undefined)
        figures.loadCoreOthers = Math.max(0, Math.min(1, (core.busySeconds - figures.clientCpuSeconds) / core.elapsedSeconds));
      resolvePromise(figures);
    });
  });
}

async function main(specJson: string): Promise<void> {
  const spec = JSON.parse(specJson) as LoadSpec;
  const figures = spec.mode === 'paced' ? await runPaced(spec) : await runAutocannon(spec);
  const cpu = process.cpuUsage();
  figures.clientCpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv[2] ?? '{}').then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

// How long `mdbkit serve --offline` takes from its spawn to its first 200 on /readyz (what a readiness probe or
// a rolling update waits for), and the CPU time it spent getting there; a bare node https server started the
// same way beside it is the floor (node's own start and a TLS listener). No cluster lookups, so no API server
// decides the figure.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { stopChild, track } from './children.js';
import { pinned } from './cpu-pinning.js';
import { freePort } from './server-process.js';

export interface StartupResults {
  runs: number;
  /** Milliseconds from spawn to ready, each run, and the best. */
  webhookMs: number[];
  bestWebhookMs: number;
  /** CPU seconds (user + system) the webhook had used when it was ready, each run. */
  webhookCpuSeconds: number[];
  /** The same for a bare https server: node's start and a TLS listener. */
  floorMs: number[];
  bestFloorMs: number;
}

const FLOOR = `
const { createServer } = require('node:https');
const { readFileSync } = require('node:fs');
const [cert, key, port] = process.argv.slice(1);
createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => res.end('ok\\n')).listen(Number(port), '127.0.0.1');
`;

function readyz(port: number, ca: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, ca, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', () => resolve(0));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

function cpuSecondsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat (12 and 13 after the command name), in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function timeToReady(argv: string[], port: number, ca: string, path: string, core: number | undefined, cwd: string) {
  const { command, args } = pinned(core, argv);
  const start = performance.now();
  const child: ChildProcess = track(spawn(command, args, { cwd, stdio: 'ignore' }));
  try {
    for (;;) {
      if ((await readyz(port, ca, path)) === 200) break;
      if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited with ${child.exitCode} before it was ready`);
      if (performance.now() - start > 30_000) throw new Error(`${argv.join(' ')} was not ready within 30 s`);
      await sleep(5);
    }
    const ms = performance.now() - start;
    // taskset execs the server: the pid is the server's.
    return { ms, cpuSeconds: child.pid !== undefined ? cpuSecondsOf(child.pid) : undefined };
  } finally {
    await stopChild(child);
  }
}

export async function runStartupBench(options: {
  tmpDir: string;
  tls: { certFile: string; keyFile: string; caFile: string };
  core: number | undefined;
  runs?: number;
}): Promise<StartupResults> {
  const runs = options.runs ?? 3;
  const ca = readFileSync(options.tls.caFile, 'utf8');
  const bin = join(PROJECT_ROOT, 'bin', 'mdbkit.js');
  const webhookMs: number[] = [];
  const webhookCpuSeconds: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const serve = [
      process.execPath,
      bin,
      'serve',
      '--offline',
      '--tls-cert-file',
      options.tls.certFile,
      '--tls-key-file',
      options.tls.keyFile,
      '--address',
      '127.0.0.1',
      '--port',
      String(port),
      '--metrics-port',
      '0',
      '--shutdown-delay',
      '0',
      '--log-level',
      'warn',
    ];
    const webhook = await timeToReady(serve, port, ca, '/readyz', options.core, options.tmpDir);
    webhookMs.push(webhook.ms);
    if (webhook.cpuSeconds !== undefined) webhookCpuSeconds.push(webhook.cpuSeconds);
    const floorPort = await freePort();
    const floor = await timeToReady(
      [process.execPath, '-e', FLOOR, options.tls.certFile, options.tls.keyFile, String(floorPort)],
      floorPort,
      ca,
      '/',
      options.core,
      options.tmpDir,
    );
    floorMs.push(floor.ms);
  }
  return { runs, webhookMs, bestWebhookMs: Math.min(...webhookMs), webhookCpuSeconds, floorMs, bestFloorMs: Math.min(...floorMs) };
}

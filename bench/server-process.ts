// A server under test as its own process, pinned to the server core: `mdbkit serve` or a baseline. Its
// standard output (the webhook's one JSON line per request) goes to a file, as a container runtime would
// take it, and the first `{"msg":"listening","port":N}` line there says where it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChild, track } from './children.js';
import { pinned } from './cpu-pinning.js';

/** A loopback port free a moment ago: for --metrics-port, where 0 means "off", not "pick one". */
export async function freePort(): Promise<number> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as AddressInfo;
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  /** `https://127.0.0.1:<port>` */
  url: string;
  logFile: string;
  /** SIGINT (the webhook drains and, under --cpu-prof, writes its profile), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerSpec {
  name: string;
  /** The node command line: [node, ...flags, script, ...args]. */
  argv: string[];
  core: number | undefined;
  logFile: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

function listeningPort(logFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const record = JSON.parse(line) as { msg?: unknown; port?: unknown };
      if (record.msg === 'listening' && typeof record.port === 'number') return record.port;
    } catch {
      // A line still being written.
    }
  }
  return undefined;
}

export async function startServerProcess(spec: ServerSpec): Promise<ServerProcess> {
  const out = openSync(spec.logFile, 'w');
  const { command, args } = pinned(spec.core, spec.argv);
  let stderr = '';
  let child: ChildProcess;
  try {
    child = track(spawn(command, args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', out, 'pipe'] }));
  } finally {
    closeSync(out);
  }
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const deadline = Date.now() + (spec.startTimeoutMs ?? 30_000);
  let port: number | undefined;
  while ((port = listeningPort(spec.logFile)) === undefined) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) before listening:\n${stderr}`);
    if (Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`${spec.name} did not listen within ${spec.startTimeoutMs ?? 30_000} ms:\n${stderr}`);
    }
    await sleep(50);
  }
  return {
    name: spec.name,
    child,
    pid: child.pid!,
    port,
    url: `https://127.0.0.1:${port}`,
    logFile: spec.logFile,
    stop: (graceMs = 10_000) => stopChild(child, 'SIGINT', graceMs),
  };
}

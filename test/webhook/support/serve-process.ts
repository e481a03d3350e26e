// The real `mdbkit serve` (bin/mdbkit.js → dist/) as a child process: its JSON log lines on standard output,
// its standard error, waits bounded in time, and a kill in `stop()` should a test fail half way.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ensureBuilt } from '../../cli/support/run-cli.js';

export interface ServeProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the first log line `match` accepts (already written or still to come). */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): void;
}

/**
 * An environment without the developer's cluster settings, a HOME without ~/.kube/config, and metrics off
 * (MDBKIT_METRICS_PORT=0): every child would otherwise take port 9090, and two at once would collide. A test
 * that scrapes gives --metrics-port, which wins over the variable.
 */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('MDBKIT_') && key !== 'KUBECONFIG' && key !== 'KUBERNETES_SERVICE_HOST') env[key] = value;
  }
  // One empty folder, shared by every run: nothing is ever written to it.
  const home = join(tmpdir(), 'mdbkit-test-empty-home');
  mkdirSync(home, { recursive: true });
  return { ...env, HOME: home, MDBKIT_METRICS_PORT: '0', ...extra };
}

/** A loopback port free a moment ago, for --metrics-port (where 0 means off, not "pick one"). */
export async function freePort(): Promise<number> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as AddressInfo;
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  return port;
}

export function spawnServe(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): ServeProcess {
  ensureBuilt();
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: options.cwd, env: options.env ?? isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let pending = '';
  let stderr = '';
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      // Every line of standard output must be JSON: a line that is not fails the test that reads it.
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  void exited.then(notify);

  const waitFor = <T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found !== undefined) {
          cleanup();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          cleanup();
          reject(
            new Error(
              `mdbkit serve exited (${child.exitCode ?? child.signalCode}) before ${what}\nstderr: ${stderr}\nstdout: ${lines.map((l) => JSON.stringify(l)).join('\n')}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}\nstderr: ${stderr}\nstdout: ${lines.map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    child,
    lines,
    stderr: () => stderr,
    waitForLine: (match, timeoutMs = 30_000) => waitFor('a log line', () => lines.find(match), timeoutMs),
    waitForStderr: (pattern, timeoutMs = 30_000) => waitFor(`stderr ${pattern}`, () => (pattern.test(stderr) ? stderr : undefined), timeoutMs),
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

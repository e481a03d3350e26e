// Stopping without failing an apply. Kubernetes sends SIGTERM and, at the same time, starts removing the pod
// from the Service's endpoints; the API server keeps calling until that reaches it. So: readiness fails and
// every response asks its client to reconnect (Connection: close) first; requests keep being served for a
// short delay; then the listener closes, idle connections are closed, and requests in flight finish, with a
// deadline, before the process exits 0.
// https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution
import type { Server } from 'node:http';
import type { Logger } from './request-log.js';

export interface Drainable {
  server: Server;
  /** From now on readiness fails and responses carry `Connection: close`. */
  beginDrain(): void;
  inFlight(): number;
}

export interface DrainOptions {
  delayMs: number;
  timeoutMs: number;
  logger: Logger;
  /** Aborting it skips what is left of the delay and the deadline (a second signal). */
  hurry?: AbortSignal;
}

/** Resolves after `ms`, or as soon as any of `signals` aborts; its timer never outlives it. */
function sleep(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (ms <= 0 || live.some((s) => s.aborted)) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    }
    for (const s of live) s.addEventListener('abort', done, { once: true });
  });
}

/** Drains `target`; resolves once every connection has ended. `forced` tells whether the deadline cut some. */
export async function drain(target: Drainable, { delayMs, timeoutMs, logger, hurry }: DrainOptions): Promise<{ forced: boolean }> {
  target.beginDrain();
  logger.info('shutting down: readiness fails from now on', { delayMs, timeoutMs, inFlight: target.inFlight() });
  await sleep(delayMs, hurry);

  const closed = new Promise<void>((resolve) => target.server.close(() => resolve()));
  // A keep-alive connection with no request on it would otherwise hold close() open until it times out.
  target.server.closeIdleConnections();
  let finished = false;
  void closed.then(() => (finished = true));
  // The deadline's timer must not outlive a drain that finished first: it would hold the process open.
  const deadline = new AbortController();
  await Promise.race([closed, sleep(timeoutMs, hurry, deadline.signal)]);
  deadline.abort();
  if (finished) {
    logger.info('shutdown complete: every request answered');
    return { forced: false };
  }
  logger.warn('shutdown deadline reached: closing connections with requests still running', { inFlight: target.inFlight() });
  target.server.closeAllConnections();
  // Sockets still in the TLS handshake are not HTTP connections yet; their handshake timeout ends them.
  await closed;
  return { forced: true };
}

export interface TerminationSignals {
  /** The first SIGTERM or SIGINT. */
  received: Promise<NodeJS.Signals>;
  /** Aborted by a second signal: the user wants out now. */
  hurry: AbortSignal;
  dispose(): void;
}

type SignalSource = Pick<NodeJS.Process, 'on' | 'off'>;

export function listenForTermination(proc: SignalSource = process, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): TerminationSignals {
  const hurry = new AbortController();
  let first = true;
  let resolveReceived!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((resolve) => (resolveReceived = resolve));
  // Listening replaces node's default (exit at once), for as long as these handlers are installed.
  const handler = (signal: NodeJS.Signals) => {
    if (first) {
      first = false;
      resolveReceived(signal);
    } else {
      hurry.abort();
    }
  };
  for (const signal of signals) proc.on(signal, handler);
  return {
    received,
    hurry: hurry.signal,
    dispose: () => {
      for (const signal of signals) proc.off(signal, handler);
    },
  };
}

// The `Watch` an informer (`ListWatch`) drives, with the guards @kubernetes/client-node 1.4.0 leaves out:
// - its own 30 s timeout is built and then overwritten (watch.js sets `signal` twice), so a server that accepts
//   the connection and never answers would hold the informer forever: node-fetch's `timeout` now bounds the wait
//   for the response headers (it stops counting once the stream is open);
// - `ListWatch.stop()` cannot abort a watch that is still connecting (it only knows the request once connected):
//   `destroy()` ends it, and any watch that connects afterwards is aborted at once;
// - the informer's watch handler is async, so an event without metadata rejects with nobody listening, which
//   ends Node 20: such events are dropped, and rejections caught;
// - a server that ends every watch at once would have the informer re-watch in a tight loop: a watch shorter than
//   `minWatchMs` reports its end only after that long.
// Watches also ask for bookmarks and a server-side timeout, as client-go does, so a silent connection is
// replaced within minutes (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
import type { Agent } from 'node:http';
import { type KubeConfig, Watch } from '@kubernetes/client-node';

export interface GuardedWatchOptions {
  /** Longest wait for a watch's response headers. */
  connectTimeoutMs: number;
  /** A watch that ends sooner than this (without an error) is reported as ended only after this long. */
  minWatchMs: number;
  /** Called whenever the informer opens a watch: it does so right after applying a successful list. */
  onWatch?: () => void;
}

type WatchCallback = (phase: string, apiObj: unknown, watchObj?: unknown) => void;
type DoneCallback = (err: unknown) => void;

/** Server-side watch timeout: 5 to 10 minutes, spread so that many informers do not reconnect together (client-go's reflector). */
function serverTimeoutSeconds(): number {
  return 300 + Math.floor(Math.random() * 300);
}

export class GuardedWatch extends Watch {
  private destroyed = false;
  private agent: Agent | undefined;
  private controller: AbortController | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: GuardedWatchOptions,
  ) {
    // Watch reads the cluster and its fetch options from its config; a thin prototype copy lets this watch add a
    // header timeout and keep the per-request agent it is given, so destroy() can cut a connection still opening.
    const config = Object.create(kubeConfig) as KubeConfig;
    super(config);
    config.applyToFetchOptions = async (opts) => {
      const init = await kubeConfig.applyToFetchOptions(opts);
      init.timeout = this.options.connectTimeoutMs;
      this.agent?.destroy();
      this.agent = typeof init.agent === 'object' && init.agent !== null ? init.agent : undefined;
      return init;
    };
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: WatchCallback,
    done: DoneCallback,
  ): Promise<AbortController> {
    if (this.destroyed) return abortedController();
    this.options.onWatch?.();
    const startedAt = performance.now();
    const timeoutSeconds = serverTimeoutSeconds();
    let ended = false;
    let guard: NodeJS.Timeout | undefined;

    const guardedDone: DoneCallback = (err) => {
      if (ended) return;
      ended = true;
      if (guard) this.clearTimer(guard);
      if (this.destroyed) return; // closing: the informer must not restart, nor report the abort as an error
      const elapsed = performance.now() - startedAt;
      if (err == null && elapsed < this.options.minWatchMs) {
        this.later(this.options.minWatchMs - elapsed, () => done(null));
      } else {
        done(err);
      }
    };
    const guardedCallback: WatchCallback = (phase, apiObj, watchObj) => {
      if (this.destroyed) return;
      if (phase !== 'ERROR' && phase !== 'BOOKMARK' && typeof (apiObj as { metadata?: { name?: unknown } } | undefined)?.metadata?.name !== 'string') return;
      try {
        // ListWatch's handler is async: keep its rejection from becoming an unhandled one.
        Promise.resolve(callback(phase, apiObj, watchObj) as unknown).catch(() => undefined);
      } catch {
        // a broken event must not end the watch
      }
    };

    let controller: AbortController;
    try {
      controller = await super.watch(path, { ...queryParams, allowWatchBookmarks: true, timeoutSeconds }, guardedCallback, guardedDone);
    } catch (err) {
      // Watch throws before its own try/catch when credentials cannot be applied (an exec plugin failing, say);
      // ListWatch would let that escape as an unhandled rejection. Report it as the watch ending instead.
      guardedDone(err);
      return abortedController();
    }
    if (this.destroyed) {
      controller.abort();
      return controller;
    }
    this.controller = controller;
    if (!ended) {
      // The server should end the watch at timeoutSeconds; one that goes silent without closing is cut a minute later.
      guard = this.later((timeoutSeconds + 60) * 1000, () => controller.abort());
    }
    return controller;
  }

  /** Ends the current watch, even one still connecting, and every later one. */
  destroy(): void {
    this.destroyed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.controller?.abort();
    this.controller = undefined;
    this.agent?.destroy();
    this.agent = undefined;
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.destroyed) run();
    }, ms);
    // A pending retry or guard alone never keeps the process alive; the open watch socket does while it matters.
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  private clearTimer(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }
}

function abortedController(): AbortController {
  const controller = new AbortController();
  controller.abort();
  return controller;
}

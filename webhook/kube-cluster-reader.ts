// The webhook's ClusterReader: informer caches (list + watch) of the resources the policies declare they read
// (PolicyEngine.watchedResources: a MaxScale's MariaDB, a scaled MaxScale, a KubeDB MariaDB's PlacementPolicy)
// in the watched namespaces, and one short direct read on a miss. An admission webhook has a few seconds before the API server
// gives up on it (https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#timeouts),
// so every lookup is bounded: when the API server cannot be asked, the answer is 'unknown' and the policies skip
// the defaults that need the referenced object, with a warning.
import {
  ApiException,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { ClusterReader, ObjectKey } from '../policies/cluster-reader.js';
import { cloneJson, type KubeObject } from '../policies/kube-object.js';
import type { WatchedResource } from '../policies/policy-engine.js';
import { GuardedWatch } from './kube-guarded-watch.js';

export type KubeReaderLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type KubeReaderLog = (level: KubeReaderLogLevel, message: string, fields?: Record<string, unknown>) => void;

export interface KubeClusterReaderOptions {
  kubeConfig: KubeConfig;
  /**
   * What to cache, from the policies' declared references; a lookup of a kind in several groups tries them in
   * this order (`enterprise.mariadb.com` before `k8s.mariadb.com`). Other kinds answer 'unknown'.
   */
  resources: readonly WatchedResource[];
  /** Namespaces to watch (namespaced resources only); empty watches all namespaces. */
  namespaces: string[];
  /** Budget of one lookup that misses the cache, over all groups together. Default 300 ms. */
  directReadTimeoutMs?: number;
  /** Budget of one informer list. Default 10 s. */
  listTimeoutMs?: number;
  /** Longest wait for a watch's response headers. Default 10 s. */
  watchConnectTimeoutMs?: number;
  /** Informer restarts after an error: exponential from initialMs (default 500) up to maxMs (default 30 s), with jitter. */
  backoff?: { initialMs?: number; maxMs?: number };
  log?: KubeReaderLog;
}

export interface KubeClusterReader {
  reader: ClusterReader;
  /** Every informer has listed at least once (a group whose CRDs are not installed counts as listed, empty). Stays true. */
  synced(): boolean;
  /** Resolves true once synced, false at the timeout or on close. */
  waitForSync(timeoutMs: number): Promise<boolean>;
  /** Stops every informer, aborts lists, watches and direct reads in flight; later lookups answer 'unknown'. */
  close(): Promise<void>;
}

interface CacheEntry {
  resource: WatchedResource;
  /** `undefined`: all namespaces. */
  namespace: string | undefined;
  informer: ListWatch<KubernetesObject>;
  watch: GuardedWatch;
  synced: boolean;
  failures: number;
  lastFailureAt: number;
  retry: NodeJS.Timeout | undefined;
  absentLogged: boolean;
}

class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

class ClosedError extends Error {
  constructor() {
    super('reader closed');
  }
}

/**
 * Starts the informers and returns at once: `synced()` tells when the caches are filled (for /readyz), and
 * lookups before that go to the API server directly. Throws only on configuration errors (no groups, no current
 * cluster in the kubeconfig).
 */
export async function createKubeClusterReader(options: KubeClusterReaderOptions): Promise<KubeClusterReader> {
  const resources = options.resources;
  const namespaces = [...new Set(options.namespaces)];
  const directReadTimeoutMs = options.directReadTimeoutMs ?? 300;
  const listTimeoutMs = options.listTimeoutMs ?? 10_000;
  const watchConnectTimeoutMs = options.watchConnectTimeoutMs ?? 10_000;
  const backoffInitialMs = options.backoff?.initialMs ?? 500;
  const backoffMaxMs = options.backoff?.maxMs ?? 30_000;
  const log: KubeReaderLog = options.log ?? (() => undefined);
  const api = options.kubeConfig.makeApiClient(CustomObjectsApi);

  let closed = false;
  const inFlight = new Set<AbortController>();
  const syncWaiters = new Set<(synced: boolean) => void>();
  const entries: CacheEntry[] = [];

  /**
   * Runs one request with its own deadline; close() aborts it too. Rejects with TimeoutError at the deadline even
   * if the client were to ignore the abort, so the caller's bound never depends on the HTTP stack.
   */
  async function bounded<T>(ms: number, run: (requestOptions: SignalOptions) => Promise<T>): Promise<T> {
    if (closed) throw new ClosedError();
    const controller = new AbortController();
    inFlight.add(controller);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new TimeoutError(ms);
        controller.abort(error);
        reject(error);
      }, ms);
    });
    const closing = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(closed ? new ClosedError() : (controller.signal.reason as Error)), { once: true }),
    );
    // Whichever loses the race must not surface later as an unhandled rejection.
    deadline.catch(() => undefined);
    closing.catch(() => undefined);
    try {
      const request = run(signalOptions(controller.signal));
      request.catch(() => undefined);
      return await Promise.race([request, deadline, closing]);
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
      controller.abort(); // nothing of the request outlives its answer (a no-op when it completed)
    }
  }

  function allSynced(): boolean {
    return entries.every((entry) => entry.synced);
  }

  function markSynced(entry: CacheEntry): void {
    if (entry.synced) return;
    entry.synced = true;
    entry.failures = 0;
    log('debug', 'cluster cache listed', describeEntry(entry));
    if (allSynced()) {
      log('info', 'cluster cache synced', { informers: entries.length });
      for (const resolve of syncWaiters) resolve(true);
      syncWaiters.clear();
    }
  }

  function listFor(entry: CacheEntry): () => Promise<KubernetesListObject<KubernetesObject>> {
    const { namespace } = entry;
    const { group, version, plural } = entry.resource;
    return async () => {
      try {
        const list = await bounded<unknown>(listTimeoutMs, (requestOptions) =>
          namespace === undefined
            ? api.listClusterCustomObject({ group, version, plural }, requestOptions)
            : api.listNamespacedCustomObject({ group, version, namespace, plural }, requestOptions),
        );
        return list as KubernetesListObject<KubernetesObject>;
      } catch (error) {
        // 404 on a list: the API server does not serve this group (that operator's CRDs are not installed), so
        // nothing of it can be referenced. An empty list lets the cache count as synced; the watch that follows
        // fails the same way and the informer keeps retrying at the backoff, in case the CRDs arrive later.
        if (httpStatusOf(error) === 404) {
          if (!entry.absentLogged) {
            log('info', 'API group not served by the API server (CRDs not installed?): nothing of it can be referenced', { group, resource: plural });
          }
          entry.absentLogged = true;
          return { apiVersion: `${group}/${version}`, kind: 'List', metadata: { resourceVersion: '' }, items: [] };
        }
        throw error;
      }
    };
  }

  function scheduleRestart(entry: CacheEntry, error: unknown): void {
    if (closed || entry.retry) return;
    const now = performance.now();
    // Failures far apart are separate incidents: start again from the shortest delay.
    if (now - entry.lastFailureAt > 2 * backoffMaxMs) entry.failures = 0;
    entry.failures += 1;
    entry.lastFailureAt = now;
    const exponential = Math.min(backoffMaxMs, backoffInitialMs * 2 ** Math.min(entry.failures - 1, 30));
    const delay = Math.round(exponential * (0.8 + Math.random() * 0.4));
    const missingGroup = httpStatusOf(error) === 404;
    // One warning per incident; the retries that follow are debug lines.
    const level = missingGroup || entry.failures > 1 ? 'debug' : 'warn';
    log(level, missingGroup ? 'API group not served; watching again later' : 'cluster watch failed; restarting after a backoff', {
      ...describeEntry(entry),
      error: describeError(error),
      failures: entry.failures,
      retryInMs: delay,
    });
    entry.retry = setTimeout(() => {
      entry.retry = undefined;
      startInformer(entry);
    }, delay);
    entry.retry.unref();
  }

  function startInformer(entry: CacheEntry): void {
    if (closed) return;
    // ListWatch reports list and watch failures through its error event and then stops; start() itself only
    // rejects on a programming error, handled the same way.
    entry.informer.start().catch((error: unknown) => scheduleRestart(entry, error));
  }

  for (const resource of resources) {
    const { group, version, plural } = resource;
    // A cluster-scoped resource has one list for the whole cluster, whatever the watched namespaces.
    for (const namespace of namespaces.length === 0 || !resource.namespaced ? [undefined] : namespaces) {
      const path = namespace === undefined ? `/apis/${group}/${version}/${plural}` : `/apis/${group}/${version}/namespaces/${namespace}/${plural}`;
      const state = {
        resource,
        namespace,
        synced: false,
        failures: 0,
        lastFailureAt: Number.NEGATIVE_INFINITY,
        retry: undefined,
        absentLogged: false,
      };
      const entry = state as CacheEntry; // watch and informer follow: they need the entry themselves
      // ListWatch opens the watch right after applying a successful list: that is the moment the cache holds it.
      entry.watch = new GuardedWatch(options.kubeConfig, {
        connectTimeoutMs: watchConnectTimeoutMs,
        minWatchMs: 1000,
        onWatch: () => markSynced(entry),
      });
      entry.informer = new ListWatch<KubernetesObject>(path, entry.watch, listFor(entry), false);
      entry.informer.on('error', (error?: unknown) => scheduleRestart(entry, error));
      entries.push(entry);
    }
  }
  for (const entry of entries) startInformer(entry);

  function cached(resource: WatchedResource, key: ObjectKey): KubernetesObject | undefined {
    for (const entry of entries) {
      if (entry.resource !== resource) continue;
      if (entry.namespace !== undefined && entry.namespace !== key.namespace) continue;
      const found = resource.namespaced ? entry.informer.get(key.name, key.namespace) : entry.informer.get(key.name);
      if (found) return found;
    }
    return undefined;
  }

  /** The cached resources a lookup may look in: its kind in every group, or in the one the key names. */
  function resourcesFor(key: ObjectKey): WatchedResource[] {
    return resources.filter((r) => r.kind === key.kind && (key.group === undefined || r.group === key.group));
  }

  async function directRead(candidates: readonly WatchedResource[], key: ObjectKey): Promise<KubeObject | undefined | 'unknown'> {
    const deadline = performance.now() + directReadTimeoutMs;
    let unknownReason: string | undefined;
    let lastGroup = candidates[0]?.group;
    for (const { group, version, plural, namespaced } of candidates) {
      lastGroup = group;
      const remaining = Math.max(1, Math.round(deadline - performance.now()));
      try {
        const object = await bounded<unknown>(remaining, (requestOptions) =>
          namespaced
            ? api.getNamespacedCustomObject({ group, version, namespace: key.namespace, plural, name: key.name }, requestOptions)
            : api.getClusterCustomObject({ group, version, plural, name: key.name }, requestOptions),
        );
        if (isObject(object)) return object;
        unknownReason = 'the API server answered something that is not an object';
      } catch (error) {
        if (httpStatusOf(error) === 404) continue;
        unknownReason = describeError(error);
        // The budget is shared: once it is spent, later groups cannot be asked either.
        if (error instanceof TimeoutError || error instanceof ClosedError) break;
      }
    }
    if (unknownReason === undefined) return undefined;
    log('warn', 'could not read from the API server; defaults that need this object are skipped', {
      kind: key.kind,
      namespace: key.namespace,
      name: key.name,
      group: lastGroup,
      error: unknownReason,
    });
    return 'unknown';
  }

  const reader: ClusterReader = {
    // Only from synced caches: listing the API server across namespaces per admission would cost too much, and a
    // cache still syncing could miss the object, so that answers 'unknown'.
    async named(query) {
      const candidates = resourcesFor({ ...query, namespace: '' });
      const caches = entries.filter((entry) => candidates.includes(entry.resource));
      if (candidates.length === 0 || closed || caches.length === 0 || !caches.every((entry) => entry.synced)) return 'unknown';
      return caches.flatMap((entry) => entry.informer.list().filter((o) => o.metadata?.name === query.name)).map((o) => cloneJson(o) as KubeObject);
    },
    async get(key) {
      try {
        const candidates = resourcesFor(key);
        if (candidates.length === 0 || closed) return 'unknown';
        for (const resource of candidates) {
          const found = cached(resource, key);
          // A copy: policies must not be able to change what the cache holds.
          if (found) return cloneJson(found) as KubeObject;
        }
        return await directRead(candidates, key);
      } catch (error) {
        log('error', 'cluster lookup failed unexpectedly', { kind: key.kind, namespace: key.namespace, name: key.name, error: describeError(error) });
        return 'unknown';
      }
    },
  };

  return {
    reader,
    synced: allSynced,
    waitForSync(timeoutMs) {
      if (allSynced()) return Promise.resolve(true);
      if (closed) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => finish(false), timeoutMs);
        const finish = (synced: boolean): void => {
          clearTimeout(timer);
          syncWaiters.delete(finish);
          resolve(synced);
        };
        syncWaiters.add(finish);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const entry of entries) {
        if (entry.retry) clearTimeout(entry.retry);
        entry.retry = undefined;
        entry.watch.destroy();
      }
      for (const controller of inFlight) controller.abort(new ClosedError());
      inFlight.clear();
      await Promise.all(entries.map((entry) => entry.informer.stop().catch(() => undefined)));
      for (const resolve of syncWaiters) resolve(false);
      syncWaiters.clear();
      log('debug', 'cluster reader closed', {});
    },
  };
}

type SignalOptions = { middleware: ObservableMiddleware[]; middlewareMergeStrategy: 'append' };

/**
 * Per-request options that put an abort signal on the request: the generated client takes one only through a
 * middleware. The middleware must be the Observable kind even though the Object-style API is promise-based.
 */
function signalOptions(signal: AbortSignal): SignalOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

function describeEntry(entry: CacheEntry): Record<string, unknown> {
  return { group: entry.resource.group, resource: entry.resource.plural, namespace: entry.namespace ?? '(all)' };
}

/** The HTTP status of a failed request: the generated API throws ApiException (`code`), Watch a plain Error with `statusCode`. */
function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function describeError(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== undefined) return `HTTP ${status}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The informer-backed ClusterReader against a fake API server: a loopback node:http server implementing just the
// list, watch and get of custom objects that @kubernetes/client-node 1.4.0 sends. No API server can be installed
// here, so this fake is the contract; every wait is bounded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../policies/kube-object.js';
import type { WatchedResource } from '../../policies/policy-engine.js';
import { createKubeClusterReader, type KubeClusterReader, type KubeClusterReaderOptions, type KubeReaderLogLevel } from '../../webhook/kube-cluster-reader.js';
import { eventually } from '../support/eventually.js';

const ENTERPRISE = 'enterprise.mariadb.com';
const COMMUNITY = 'k8s.mariadb.com';
const VERSION = 'v1alpha1';
const KINDS: Record<string, string> = { mariadbs: 'MariaDB', maxscales: 'MaxScale' };

/** What the policies of the MariaDB operators' groups read (PolicyEngine.watchedResources gives the same). */
function watched(groups: readonly string[]): WatchedResource[] {
  return groups.flatMap((group) => Object.entries(KINDS).map(([plural, kind]) => ({ group, version: VERSION, kind, plural, namespaced: true })));
}

interface SeenRequest {
  path: string;
  watch: boolean;
  /** list, watch or get (one object by name). */
  verb: 'list' | 'watch' | 'get';
  group: string;
  plural: string;
  namespace: string | undefined;
  name: string | undefined;
}

interface Watcher {
  group: string;
  plural: string;
  namespace: string | undefined;
  res: http.ServerResponse;
}

/** Just enough of the Kubernetes API for the client's list, watch and get of custom objects. */
class FakeApiServer {
  readonly requests: SeenRequest[] = [];
  /** Groups whose CRDs are "installed"; any other group answers 404 like an API server without them. */
  servedGroups = new Set([ENTERPRISE, COMMUNITY]);
  /** Lists to fail with 500 before answering. */
  failLists = 0;
  /** Per object name: the status a direct GET answers with instead of the object. */
  readonly getStatus = new Map<string, number>();
  /** Direct GETs accept the request and never answer. */
  hangGets = false;
  /** Watches accept the request and never send their headers. */
  hangWatches = false;
  /** Watches end as soon as they are opened. */
  endWatchesAtOnce = false;
  private readonly store = new Map<string, KubeObject>();
  private readonly watchers = new Set<Watcher>();
  private readonly sockets = new Set<net.Socket>();
  private resourceVersion = 1000;
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async start(): Promise<this> {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  get watchCount(): number {
    return this.watchers.size;
  }

  /** Stores an object (direct GETs and lists see it); `event` also sends it to the open watches. */
  put(group: string, object: KubeObject, event?: 'ADDED' | 'MODIFIED'): KubeObject {
    const plural = pluralOf(object);
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.resourceVersion) } };
    this.store.set(storeKey(group, plural, stored.metadata.namespace, stored.metadata.name), stored);
    if (event) this.emit(group, plural, event, stored);
    return stored;
  }

  remove(group: string, plural: string, namespace: string, name: string, emit = true): void {
    const key = storeKey(group, plural, namespace, name);
    const stored = this.store.get(key);
    this.store.delete(key);
    if (stored && emit) this.emit(group, plural, 'DELETED', { ...stored, metadata: { ...stored.metadata, resourceVersion: String(++this.resourceVersion) } });
  }

  /** Sends an event without touching the store: only a watch can tell the client about it. */
  emit(group: string, plural: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void {
    const line = `${JSON.stringify({ type, object })}\n`;
    for (const watcher of this.watchers) {
      if (watcher.group !== group || watcher.plural !== plural) continue;
      if (watcher.namespace !== undefined && watcher.namespace !== object.metadata?.namespace) continue;
      watcher.res.write(line);
    }
  }

  /** Ends every open watch abruptly, as a restarting API server would. */
  dropWatches(): void {
    for (const watcher of this.watchers) watcher.res.socket?.destroy();
    this.watchers.clear();
  }

  gets(name?: string): SeenRequest[] {
    return this.requests.filter((r) => r.verb === 'get' && (name === undefined || r.name === name));
  }

  async stop(): Promise<void> {
    for (const watcher of this.watchers) watcher.res.end();
    this.watchers.clear();
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/apis\/([^/]+)\/([^/]+)\/(?:namespaces\/([^/]+)\/)?([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const [, group = '', version, namespace, plural = '', name] = match;
    const watch = url.searchParams.get('watch') === 'true';
    const verb = name !== undefined ? 'get' : watch ? 'watch' : 'list';
    this.requests.push({ path: url.pathname, watch, verb, group, plural, namespace, name });
    if (!this.servedGroups.has(group) || version !== VERSION || !(plural in KINDS)) {
      return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    }
    if (verb === 'get') {
      if (this.hangGets) return; // accepted, never answered
      const forced = this.getStatus.get(name ?? '');
      if (forced !== undefined) return status(res, forced, forced === 403 ? 'Forbidden' : 'InternalError', `forced ${forced}`);
      const object = this.store.get(storeKey(group, plural, namespace, name));
      if (!object) return status(res, 404, 'NotFound', `${plural}.${group} "${name}" not found`, { name, group, kind: plural });
      return json(res, 200, object);
    }
    if (verb === 'list') {
      if (this.failLists > 0) {
        this.failLists -= 1;
        return status(res, 500, 'InternalError', 'etcd is having a bad day');
      }
      const items = [...this.store.entries()]
        .filter(([key]) => key.startsWith(`${group}/${plural}/${namespace === undefined ? '' : `${namespace}/`}`))
        .map(([, object]) => object);
      return json(res, 200, {
        apiVersion: `${group}/${VERSION}`,
        kind: `${KINDS[plural]}List`,
        metadata: { resourceVersion: String(this.resourceVersion) },
        items,
      });
    }
    if (this.hangWatches) return;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    if (this.endWatchesAtOnce) return void res.end();
    res.flushHeaders();
    const watcher: Watcher = { group, plural, namespace, res };
    this.watchers.add(watcher);
    req.on('close', () => this.watchers.delete(watcher));
  }
}

function storeKey(group: string, plural: string, namespace: string | undefined, name: string | undefined): string {
  return `${group}/${plural}/${namespace ?? ''}/${name ?? ''}`;
}

function pluralOf(object: KubeObject): string {
  const plural = Object.entries(KINDS).find(([, kind]) => kind === object.kind)?.[0];
  if (!plural) throw new Error(`no plural for ${object.kind}`);
  return plural;
}

function json(res: http.ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(res: http.ServerResponse, code: number, reason: string, message: string, details?: Record<string, unknown>): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

function kubeConfigFor(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'fake', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

function mariadb(name: string, namespace = 'default', group = ENTERPRISE): KubeObject {
  return { apiVersion: `${group}/${VERSION}`, kind: 'MariaDB', metadata: { name, namespace }, spec: { replicas: 3, galera: { enabled: true } } };
}

function maxscale(name: string, namespace = 'default', group = ENTERPRISE): KubeObject {
  return { apiVersion: `${group}/${VERSION}`, kind: 'MaxScale', metadata: { name, namespace }, spec: { mariaDbRef: { name: 'db' } } };
}

/** A TCP server that accepts connections and never answers: a hung API server. */
async function silentServer(): Promise<{ url: string; stop(): Promise<void>; connections(): number }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.resume(); // read and drop the request, so the client's close is seen
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.size,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

interface LogLine {
  level: KubeReaderLogLevel;
  message: string;
  fields: Record<string, unknown> | undefined;
}

describe('kube cluster reader (informer cache over a fake API server)', function () {
  this.timeout(300_000);
  let api: FakeApiServer;
  let readers: KubeClusterReader[];
  let logs: LogLine[];

  async function open(server: string, overrides: Partial<KubeClusterReaderOptions> = {}): Promise<KubeClusterReader> {
    const reader = await createKubeClusterReader({
      kubeConfig: kubeConfigFor(server),
      resources: watched([ENTERPRISE]),
      namespaces: [],
      backoff: { initialMs: 20, maxMs: 200 },
      log: (level, message, fields) => logs.push({ level, message, fields }),
      ...overrides,
    });
    readers.push(reader);
    return reader;
  }

  beforeEach(async () => {
    api = await new FakeApiServer().start();
    readers = [];
    logs = [];
  });

  afterEach(async () => {
    await Promise.all(readers.map((reader) => reader.close()));
    await api.stop();
  });

  it('is synced once the initial lists are in, and finds a listed object without a direct read', async () => {
    api.put(ENTERPRISE, mariadb('db'));
    api.put(ENTERPRISE, maxscale('mxs', 'apps'));
    const cluster = await open(api.url);
    assert.equal(await cluster.waitForSync(5000), true);
    assert.equal(cluster.synced(), true);
    const lists = api.requests
      .filter((r) => r.verb === 'list')
      .map((r) => r.path)
      .sort();
    assert.deepEqual(lists, [`/apis/${ENTERPRISE}/${VERSION}/mariadbs`, `/apis/${ENTERPRISE}/${VERSION}/maxscales`]);

    const found = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'db' });
    assert.ok(found !== undefined && found !== 'unknown');
    assert.equal(found.metadata?.name, 'db');
    assert.deepEqual(found.spec, { replicas: 3, galera: { enabled: true } });
    const mxs = await cluster.reader.get({ kind: 'MaxScale', namespace: 'apps', name: 'mxs' });
    assert.equal(mxs !== undefined && mxs !== 'unknown' && mxs.metadata?.name, 'mxs');
    assert.deepEqual(api.gets(), [], 'a cache hit makes no request');
  });

  it('hands out copies: a caller changing the answer does not change the cache', async () => {
    api.put(ENTERPRISE, mariadb('db'));
    const cluster = await open(api.url);
    await cluster.waitForSync(5000);
    const first = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'db' });
    assert.ok(first && first !== 'unknown');
    (first.spec as Record<string, unknown>).replicas = 99;
    const second = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'db' });
    assert.equal(second && second !== 'unknown' && second.spec?.replicas, 3);
  });

  it('sees an object ADDED through the watch, then MODIFIED, and forgets it once DELETED', async () => {
    const cluster = await open(api.url);
    await cluster.waitForSync(5000);
    await eventually('both watches are open', () => api.watchCount === 2);
    // Sent only through the watch: a direct GET would answer 404, so finding it proves the cache has it.
    const key = { kind: 'MariaDB', namespace: 'default', name: 'late' };
    api.emit(ENTERPRISE, 'mariadbs', 'ADDED', { ...mariadb('late'), metadata: { name: 'late', namespace: 'default', resourceVersion: '2001' } });
    await eventually('the ADDED object is visible', async () => typeof (await cluster.reader.get(key)) === 'object');

    api.emit(ENTERPRISE, 'mariadbs', 'MODIFIED', {
      ...mariadb('late'),
      spec: { replicas: 5 },
      metadata: { name: 'late', namespace: 'default', resourceVersion: '2002' },
    });
    await eventually('the MODIFIED object is visible', async () => {
      const found = await cluster.reader.get(key);
      return typeof found === 'object' && found.spec?.replicas === 5;
    });

    // Now stored on the server and in the cache; the DELETED event must drop it (the store forgets it too, so a
    // stale cache would be the only way to still find it).
    api.put(ENTERPRISE, mariadb('late'));
    api.remove(ENTERPRISE, 'mariadbs', 'default', 'late');
    await eventually('the DELETED object is gone', async () => (await cluster.reader.get(key)) === undefined);
  });

  it('on a cache miss makes exactly one direct GET: the object, or undefined on 404', async () => {
    const cluster = await open(api.url);
    await cluster.waitForSync(5000);
    // Stored without an event: the cache cannot know it yet.
    api.put(ENTERPRISE, mariadb('quiet', 'team'));
    const found = await cluster.reader.get({ kind: 'MariaDB', namespace: 'team', name: 'quiet' });
    assert.ok(typeof found === 'object');
    assert.equal(found.metadata?.name, 'quiet');
    assert.deepEqual(
      api.gets('quiet').map((r) => r.path),
      [`/apis/${ENTERPRISE}/${VERSION}/namespaces/team/mariadbs/quiet`],
    );

    assert.equal(await cluster.reader.get({ kind: 'MaxScale', namespace: 'team', name: 'absent' }), undefined);
    assert.deepEqual(
      api.gets('absent').map((r) => r.path),
      [`/apis/${ENTERPRISE}/${VERSION}/namespaces/team/maxscales/absent`],
    );
  });

  it('finds objects by name in every namespace from the synced caches only (KubeDB spec.ocm names a slice without its namespace)', async () => {
    api.put(ENTERPRISE, maxscale('edge', 'apps'));
    api.put(ENTERPRISE, maxscale('edge', 'shop'));
    api.put(ENTERPRISE, maxscale('other', 'apps'));
    const cluster = await open(api.url);
    await cluster.waitForSync(5000);
    const found = await cluster.reader.named!({ kind: 'MaxScale', name: 'edge' });
    assert.ok(found !== 'unknown');
    assert.deepEqual(found.map((o) => o.metadata?.namespace).sort(), ['apps', 'shop']);
    assert.deepEqual(await cluster.reader.named!({ kind: 'MaxScale', name: 'absent' }), []);
    assert.equal(await cluster.reader.named!({ kind: 'Backup', name: 'edge' }), 'unknown', 'a kind it does not watch');
    assert.deepEqual(api.gets(), [], 'answered from the cache');

    api.failLists = 1_000;
    const unsynced = await open(api.url, { backoff: { initialMs: 50, maxMs: 50 } });
    assert.equal(await unsynced.reader.named!({ kind: 'MaxScale', name: 'edge' }), 'unknown', 'a cache still syncing could miss one');
  });

  it('reads directly before the caches are synced', async () => {
    api.failLists = 1_000; // the informers never list
    api.put(ENTERPRISE, mariadb('db'));
    const cluster = await open(api.url, { backoff: { initialMs: 50, maxMs: 50 } });
    const found = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'db' });
    assert.equal(cluster.synced(), false);
    assert.equal(typeof found === 'object' && found.metadata?.name, 'db');
    assert.equal(api.gets('db').length, 1);
  });

  it('answers unknown on 403 and 5xx, and for kinds it does not watch (without asking)', async () => {
    const cluster = await open(api.url);
    await cluster.waitForSync(5000);
    api.getStatus.set('forbidden', 403);
    api.getStatus.set('broken', 503);
    assert.equal(await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'forbidden' }), 'unknown');
    assert.equal(await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'broken' }), 'unknown');
    const before = api.requests.length;
    assert.equal(await cluster.reader.get({ kind: 'Connection', namespace: 'default', name: 'conn' }), 'unknown');
    assert.equal(api.requests.length, before);
    const warnings = logs.filter((l) => l.level === 'warn' && l.message.startsWith('could not read'));
    assert.deepEqual(
      warnings.map((l) => [l.fields?.name, l.fields?.error]),
      [
        ['forbidden', 'HTTP 403'],
        ['broken', 'HTTP 503'],
      ],
    );
  });

  it('API server unreachable (closed port): unknown at once (the refusal, not a timeout), and close() ends the retries', async () => {
    const cluster = await open(await closedPort(), { backoff: { initialMs: 100, maxMs: 400 } });
    const answer = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'db' });
    assert.equal(answer, 'unknown');
    await eventually('the informer failure is logged', () => logs.some((l) => l.message.startsWith('cluster watch failed')));
    assert.equal(cluster.synced(), false);
    assert.match(String(logs.find((l) => l.message.startsWith('could not read'))?.fields?.error), /ECONNREFUSED/);
  });

  it('API server that accepts connections but never answers: unknown, cut at the read budget (the cause is logged)', async () => {
    const silent = await silentServer();
    try {
      const cluster = await open(silent.url, { directReadTimeoutMs: 300 });
      for (const kind of ['MariaDB', 'MaxScale']) {
        const started = performance.now();
        const answer = await cluster.reader.get({ kind, namespace: 'default', name: 'db' });
        const elapsed = performance.now() - started;
        assert.equal(answer, 'unknown');
        // A lower bound holds on any machine: the budget, not an error, ended the read; the log says so.
        assert.ok(elapsed >= 200, `answered after ${Math.round(elapsed)} ms: the timeout, not an error, should end it`);
        const line = logs.filter((l) => l.message.startsWith('could not read') && l.fields?.kind === kind).pop();
        assert.match(String(line?.fields?.error), /no answer within 300 ms/);
      }
      assert.equal(cluster.synced(), false);
      // The lists and watches hang too; close() must cut them all.
      await cluster.close();
      await eventually('every connection to the silent server is closed', () => silent.connections() === 0);
    } finally {
      await silent.stop();
    }
  });

  it('shares the direct-read budget across groups, trying them in order', async () => {
    const cluster = await open(api.url, { resources: watched([ENTERPRISE, COMMUNITY]) });
    await cluster.waitForSync(5000);
    api.put(COMMUNITY, mariadb('community-db', 'default', COMMUNITY));
    const found = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'community-db' });
    assert.equal(typeof found === 'object' && found.apiVersion, `${COMMUNITY}/${VERSION}`);
    assert.deepEqual(
      api.gets('community-db').map((r) => r.group),
      [ENTERPRISE, COMMUNITY],
    );

    assert.equal(await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'nowhere' }), undefined);
    assert.deepEqual(
      api.gets('nowhere').map((r) => r.group),
      [ENTERPRISE, COMMUNITY],
    );

    api.hangGets = true;
    assert.equal(await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'hung' }), 'unknown');
    assert.match(String(logs.filter((l) => l.message.startsWith('could not read')).pop()?.fields?.error), /no answer within/);
    assert.deepEqual(
      api.gets('hung').map((r) => r.group),
      [ENTERPRISE],
      'the budget is spent on the first group',
    );
  });

  it('finds an object in the cache of any served group; a group whose CRDs are missing counts as synced and empty', async () => {
    api.servedGroups = new Set([COMMUNITY]);
    api.put(COMMUNITY, mariadb('db', 'default', COMMUNITY));
    const cluster = await open(api.url, { resources: watched([ENTERPRISE, COMMUNITY]) });
    assert.equal(await cluster.waitForSync(5000), true);
    const found = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'db' });
    assert.equal(typeof found === 'object' && found.apiVersion, `${COMMUNITY}/${VERSION}`);
    assert.deepEqual(api.gets(), []);
    assert.ok(logs.some((l) => l.level === 'info' && l.message.startsWith('API group not served') && l.fields?.group === ENTERPRISE));
  });

  it('lists and watches only the watched namespaces; others are read directly', async () => {
    api.put(ENTERPRISE, mariadb('a-db', 'team-a'));
    api.put(ENTERPRISE, mariadb('c-db', 'team-c'));
    const cluster = await open(api.url, { namespaces: ['team-a', 'team-b'] });
    await cluster.waitForSync(5000);
    await eventually('four watches are open', () => api.watchCount === 4);
    const informerPaths = [...new Set(api.requests.filter((r) => r.verb !== 'get').map((r) => `${r.verb} ${r.path}`))].sort();
    assert.deepEqual(informerPaths, [
      `list /apis/${ENTERPRISE}/${VERSION}/namespaces/team-a/mariadbs`,
      `list /apis/${ENTERPRISE}/${VERSION}/namespaces/team-a/maxscales`,
      `list /apis/${ENTERPRISE}/${VERSION}/namespaces/team-b/mariadbs`,
      `list /apis/${ENTERPRISE}/${VERSION}/namespaces/team-b/maxscales`,
      `watch /apis/${ENTERPRISE}/${VERSION}/namespaces/team-a/mariadbs`,
      `watch /apis/${ENTERPRISE}/${VERSION}/namespaces/team-a/maxscales`,
      `watch /apis/${ENTERPRISE}/${VERSION}/namespaces/team-b/mariadbs`,
      `watch /apis/${ENTERPRISE}/${VERSION}/namespaces/team-b/maxscales`,
    ]);
    assert.equal(typeof (await cluster.reader.get({ kind: 'MariaDB', namespace: 'team-a', name: 'a-db' })), 'object');
    assert.deepEqual(api.gets(), []);
    assert.equal(typeof (await cluster.reader.get({ kind: 'MariaDB', namespace: 'team-c', name: 'c-db' })), 'object');
    assert.deepEqual(
      api.gets().map((r) => r.path),
      [`/apis/${ENTERPRISE}/${VERSION}/namespaces/team-c/mariadbs/c-db`],
    );
  });

  it('restarts after informer errors: failed lists are retried after a backoff, dropped watches reconnect', async () => {
    api.failLists = 3;
    const cluster = await open(api.url);
    assert.equal(await cluster.waitForSync(5000), true);
    assert.equal(api.requests.filter((r) => r.verb === 'list').length, 5, 'three failures, then one list per informer');
    assert.ok(logs.some((l) => l.level === 'warn' && l.message.startsWith('cluster watch failed') && l.fields?.error === 'HTTP 500'));

    await eventually('both watches are open', () => api.watchCount === 2);
    api.dropWatches();
    await eventually('both watches are open again', () => api.watchCount === 2);
    api.emit(ENTERPRISE, 'maxscales', 'ADDED', { ...maxscale('after-drop'), metadata: { name: 'after-drop', namespace: 'default', resourceVersion: '3001' } });
    await eventually(
      'an event after the reconnect is seen',
      async () => typeof (await cluster.reader.get({ kind: 'MaxScale', namespace: 'default', name: 'after-drop' })) === 'object',
    );
  });

  it('a watch whose headers never come is cut at the connect timeout and retried', async () => {
    api.hangWatches = true;
    const cluster = await open(api.url, { watchConnectTimeoutMs: 200 });
    // The lists came in, so the caches are filled even though no watch ever opens.
    assert.equal(await cluster.waitForSync(5000), true);
    await eventually('each informer has retried its watch', () => api.requests.filter((r) => r.verb === 'watch').length >= 4);
    assert.ok(logs.some((l) => l.message.startsWith('cluster watch failed') && /timeout/.test(String(l.fields?.error))));
  });

  it('close() cuts a watch still waiting for its headers (ListWatch.stop() alone cannot)', async () => {
    api.hangWatches = true;
    const cluster = await open(api.url, { watchConnectTimeoutMs: 20_000 });
    await cluster.waitForSync(5000);
    await eventually('both watches are pending', () => api.requests.filter((r) => r.verb === 'watch').length === 2);
    await cluster.close();
    await eventually('the pending watches are cut', () => api.openConnections === 0);
  });

  it('a server ending every watch at once is re-watched at most about once a second, not in a tight loop', async () => {
    api.endWatchesAtOnce = true;
    const cluster = await open(api.url, { namespaces: ['team-a'] });
    await cluster.waitForSync(5000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const watches = api.requests.filter((r) => r.verb === 'watch' && r.plural === 'mariadbs').length;
    assert.ok(watches >= 1 && watches <= 3, `${watches} watches in 1.5 s`);
  });

  it('survives malformed watch events: no unhandled rejection, and later events still count', async () => {
    // Without metadata, the informer's async handler throws: an unhandled rejection, which ends a plain Node 20
    // process (mocha swallows it, hence the listener).
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const cluster = await open(api.url);
      await cluster.waitForSync(5000);
      await eventually('both watches are open', () => api.watchCount === 2);
      api.emit(ENTERPRISE, 'mariadbs', 'ADDED', {});
      api.emit(ENTERPRISE, 'mariadbs', 'MODIFIED', { kind: 'MariaDB' });
      api.emit(ENTERPRISE, 'mariadbs', 'ADDED', { ...mariadb('fine'), metadata: { name: 'fine', namespace: 'default', resourceVersion: '4001' } });
      await eventually(
        'the good event is seen',
        async () => typeof (await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'fine' })) === 'object',
      );
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(rejections.map(String), []);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('close() stops everything: no connection left, lookups answer unknown without asking', async () => {
    const cluster = await open(api.url, { namespaces: ['team-a'] });
    await cluster.waitForSync(5000);
    await eventually('both watches are open', () => api.watchCount === 2);
    await cluster.close();
    await eventually('the API server has no connection left', () => api.openConnections === 0 && api.watchCount === 0);
    const before = api.requests.length;
    assert.equal(await cluster.reader.get({ kind: 'MariaDB', namespace: 'team-a', name: 'db' }), 'unknown');
    assert.equal(await cluster.waitForSync(10), true, 'synced stays true');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(api.requests.length, before, 'no informer restarts after close');
  });

  // The process must end on its own once the reader is closed: a child process, not mocha, so a leaked socket or
  // timer shows up as a child that does not exit (mocha itself also runs without --exit).
  for (const target of ['a working API server', 'an API server that never answers'] as const) {
    it(`leaves nothing keeping the process alive after close() (${target})`, async () => {
      const silent = target === 'an API server that never answers' ? await silentServer() : undefined;
      try {
        const server = silent?.url ?? api.url;
        const moduleUrl = new URL('../../webhook/kube-cluster-reader.ts', import.meta.url).href;
        const script = `
          const { KubeConfig } = await import('@kubernetes/client-node');
          const { createKubeClusterReader } = await import(${JSON.stringify(moduleUrl)});
          const kc = new KubeConfig();
          kc.loadFromOptions({ clusters: [{ name: 'fake', server: ${JSON.stringify(server)}, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'c', cluster: 'fake', user: 'u' }], currentContext: 'c' });
          const cluster = await createKubeClusterReader({ kubeConfig: kc, resources: ${JSON.stringify(watched([ENTERPRISE, COMMUNITY]))}, namespaces: [] });
          const synced = await cluster.waitForSync(${silent ? 300 : 5000});
          const answer = await cluster.reader.get({ kind: 'MariaDB', namespace: 'default', name: 'db' });
          await cluster.close();
          console.log(JSON.stringify({ synced, answer: typeof answer === 'object' ? answer.metadata.name : String(answer) }));
        `;
        if (!silent) api.put(ENTERPRISE, mariadb('db'));
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: fileURLToPath(new URL('../..', import.meta.url)),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const started = performance.now();
        const code = await new Promise<number | null>((resolve) => {
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.on('exit', (exitCode) => {
            clearTimeout(killer);
            resolve(exitCode);
          });
        });
        assert.equal(code, 0, `the child did not exit by itself (${Math.round(performance.now() - started)} ms)\nstdout: ${stdout}\nstderr: ${stderr}`);
        assert.deepEqual(JSON.parse(stdout.trim()), silent ? { synced: false, answer: 'unknown' } : { synced: true, answer: 'db' });
      } finally {
        await silent?.stop();
      }
    });
  }
});

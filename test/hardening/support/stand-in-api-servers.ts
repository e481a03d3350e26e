// Stand-ins for the Kubernetes API server on loopback: one that accepts connections and never answers, a port
// where nothing listens, and a small one that lists, watches and gets custom objects the way
// @kubernetes/client-node asks (and can answer a GET with an error). Plus the kubeconfig that points mdbkit at one.
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';

export interface StandIn {
  url: string;
  stop(): Promise<void>;
}

/** Accepts every connection, reads what is sent, and never answers: a hung API server. */
export async function silentApiServer(): Promise<StandIn & { connections(): number }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => sockets.size,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL nothing listens on: connections are refused. */
export async function refusingApiServer(): Promise<StandIn> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${port}`, stop: async () => {} };
}

/**
 * Lists `objects` (by group, plural and namespace), keeps watches open without events, and answers a GET by name
 * with the object, or with `failGets[name]` as a Kubernetes Status whose message is `failMessage`.
 */
export async function listingApiServer(
  objects: Array<{ apiVersion: string; kind: string; metadata: { name: string; namespace: string }; [key: string]: unknown }>,
  options: { failGets?: Record<string, number>; failMessage?: string } = {},
): Promise<StandIn & { requests: string[]; authorizations: Set<string> }> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const authorizations = new Set<string>();
  const plural = (kind: string) => `${kind.toLowerCase()}s`;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.headers.authorization) authorizations.add(req.headers.authorization);
    const match = /^\/apis\/([^/]+)\/([^/]+)\/(?:namespaces\/([^/]+)\/)?([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' });
    const [, group, version, namespace, resource, name] = match;
    const matching = objects.filter(
      (o) =>
        o.apiVersion === `${group}/${version}` &&
        plural(o.kind) === resource &&
        (namespace === undefined || o.metadata.namespace === namespace) &&
        (name === undefined || o.metadata.name === name),
    );
    if (name !== undefined) {
      const failure = options.failGets?.[name];
      if (failure !== undefined)
        return json(res, failure, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: failure,
          reason: 'InternalError',
          message: options.failMessage ?? 'failed',
        });
      return matching[0]
        ? json(res, 200, matching[0])
        : json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: `${resource} "${name}" not found` });
    }
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      return;
    }
    json(res, 200, { apiVersion: `${group}/${version}`, kind: 'List', metadata: { resourceVersion: '100' }, items: matching });
  };
  const server = createHttpServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    authorizations,
    async stop() {
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A kubeconfig for `server` (plain http, which @kubernetes/client-node allows with insecure-skip-tls-verify). */
export function writeKubeconfig(dir: string, server: string, token?: string): string {
  const path = join(dir, 'kubeconfig');
  const user = token ? `{token: ${JSON.stringify(token)}}` : '{}';
  writeFileSync(
    path,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: stand-in\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user: ${user}\ncontexts:\n- name: stand-in\n  context: {cluster: stand-in, user: u}\ncurrent-context: stand-in\n`,
    { mode: 0o600 },
  );
  return path;
}

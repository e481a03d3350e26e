// Just enough of a Kubernetes API server for the webhook's informers: a list of MariaDBs and MaxScales
// (answered at once) and a watch that stays open and quiet. With it the webhook runs as in a cluster, its
// cache holding the MariaDB that fixture 003's MaxScale refers to, so /mutate computes every default
// (servers, monitor module) instead of skipping those that need the reference, as it would offline.
// Plain http on loopback: @kubernetes/client-node accepts that with insecure-skip-tls-verify.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

export interface FakeApiServer {
  port: number;
  /** A kubeconfig (YAML) pointing at this server. */
  kubeconfig(): string;
  close(): Promise<void>;
}

const NOT_FOUND = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' };

export async function startFakeApiServer(objects: readonly KubeObject[]): Promise<FakeApiServer> {
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/apis\/([^/]+)\/(v[^/]+)\/(?:namespaces\/([^/]+)\/)?(mariadbs|maxscales)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return json(404, NOT_FOUND);
    const [, group, version, namespace, plural, name] = match;
    const kind = plural === 'mariadbs' ? 'MariaDB' : 'MaxScale';
    const matching = objects.filter(
      (o) =>
        o.apiVersion === `${group}/${version}` &&
        o.kind === kind &&
        (namespace === undefined || o.metadata.namespace === namespace) &&
        (name === undefined || o.metadata.name === name),
    );
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      return;
    }
    if (name !== undefined) return matching[0] ? json(200, matching[0]) : json(404, NOT_FOUND);
    json(200, { apiVersion: `${group}/${version}`, kind: `${kind}List`, metadata: { resourceVersion: '10' }, items: matching });
  };
  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    kubeconfig: () =>
      `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: fake\n  context: {cluster: fake, user: u}\ncurrent-context: fake\n`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

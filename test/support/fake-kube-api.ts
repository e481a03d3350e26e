// A Kubernetes API server just large enough for Helm's `lookup`, which charts use to read live objects:
// `helm template --dry-run=server` (helm 3.13 and later) renders with lookup against the cluster of
// KUBECONFIG. Helm asks the discovery document of the object's group version (GET /api/v1,
// /apis/apps/v1), then GETs the object; a 404 Status makes lookup return an empty map. Helm 4 first asks
// GET /version to see that the cluster is reachable. No API server can be
// installed here (../shared/DESIGN.md), so this answers those two requests from a list of objects the test
// holds, over plain HTTP on loopback (never proxied), and records what it was asked.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Obj } from './chart-objects.js';

/** The kinds it serves, by group version: what discovery lists (plural, kind). */
const RESOURCES: Record<string, Array<[string, string]>> = {
  v1: [
    ['configmaps', 'ConfigMap'],
    ['pods', 'Pod'],
    ['secrets', 'Secret'],
    ['services', 'Service'],
  ],
  'apps/v1': [['statefulsets', 'StatefulSet']],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget']],
};

export interface FakeKubeApi {
  /** A kubeconfig file whose current context is this server. */
  kubeconfig: string;
  /** The live objects; a test may change them between runs. */
  objects: Obj[];
  /** "GET /path" of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

function prefixOf(groupVersion: string): string {
  return groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
}

/** Starts the server on 127.0.0.1 and writes its kubeconfig into dir. */
export function startFakeKubeApi(dir: string, objects: Obj[] = []): Promise<FakeKubeApi> {
  const api: FakeKubeApi = { kubeconfig: join(dir, 'kubeconfig'), objects, requests: [], close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    api.requests.push(`${req.method} ${path}`);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // Helm 4 checks that the cluster is reachable (GET /version) first; the root documents list the groups.
    if (req.method === 'GET' && path === '/version') return send(200, { major: '1', minor: '30', gitVersion: 'v1.30.0', platform: 'linux/amd64' });
    if (req.method === 'GET' && path === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (req.method === 'GET' && path === '/apis') {
      const groups = Object.keys(RESOURCES)
        .filter((gv) => gv.includes('/'))
        .map((gv) => {
          const [name, version] = gv.split('/') as [string, string];
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        });
      return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
    }
    for (const [groupVersion, kinds] of Object.entries(RESOURCES)) {
      const prefix = prefixOf(groupVersion);
      if (req.method === 'GET' && path === prefix) {
        const resources = kinds.map(([name, kind]) => ({ name, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ['get', 'list'] }));
        return send(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources });
      }
      const match = new RegExp(`^${prefix}/namespaces/([^/]+)/([^/]+)/([^/]+)$`).exec(path);
      const kind = match && kinds.find(([name]) => name === match[2])?.[1];
      if (req.method === 'GET' && match && kind) {
        const found = api.objects.find(
          (o) => o.apiVersion === groupVersion && o.kind === kind && o.metadata?.namespace === match[1] && o.metadata?.name === match[3],
        );
        if (found) return send(200, found);
        return send(404, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: `${match[2]} "${match[3]}" not found`,
        });
      }
    }
    send(404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: `the server could not find the requested resource (${path})`,
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      writeFileSync(
        api.kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          `clusters: [{name: fake, cluster: {server: "http://127.0.0.1:${port}"}}]`,
          'users: [{name: fake, user: {token: fake}}]',
          'contexts: [{name: fake, context: {cluster: fake, user: fake}}]',
          'current-context: fake',
          '',
        ].join('\n'),
      );
      api.close = () => new Promise((done) => server.close(() => done()));
      resolve(api);
    });
  });
}

// Where the webhook's ClusterReader comes from: an informer cache (webhook/kube-cluster-reader.ts) through a
// kubeconfig or the pod's service account, or OFFLINE_READER when there is no cluster to ask. Readiness
// waits for the cache: before it has listed, a MaxScale's MariaDB would look missing.
//
// @kubernetes/client-node is imported only when there is a cluster to connect to: it takes about half a second
// and 60 MiB to load (its config module imports the whole generated API), which `--offline` never needs.
import type { KubeConfig } from '@kubernetes/client-node';
import { OFFLINE_READER, type ClusterReader } from '../policies/cluster-reader.js';
import type { WatchedResource } from '../policies/policy-engine.js';
import type { Logger } from './request-log.js';
import type { ClusterAccess } from './serve-options.js';

export interface ClusterConnection {
  reader: ClusterReader;
  /** True once the cache has synced; at once offline. */
  ready: () => boolean;
  /** Asked for with --offline: no cluster lookups at all (readiness says so). */
  offline: boolean;
  /** For the start-up log line: where lookups go. */
  description: string;
  close(): Promise<void>;
}

export function offlineConnection(reason: string): ClusterConnection {
  return { reader: OFFLINE_READER, ready: () => true, offline: true, description: `off (${reason})`, close: async () => {} };
}

export async function loadKubeConfig(access: Exclude<ClusterAccess, { mode: 'offline' }>): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  if (access.mode === 'in-cluster') config.loadFromCluster();
  else config.loadFromFile(access.path);
  if (!config.getCurrentCluster()) {
    throw new Error(
      access.mode === 'in-cluster' ? 'the in-cluster configuration names no cluster' : `the kubeconfig ${access.path} has no current context with a cluster`,
    );
  }
  return config;
}

export async function connectCluster(
  access: ClusterAccess,
  options: { resources: readonly WatchedResource[]; watchNamespaces: string[]; logger: Logger },
): Promise<ClusterConnection> {
  if (access.mode === 'offline') return offlineConnection(access.reason);
  const kubeConfig = await loadKubeConfig(access);
  const { createKubeClusterReader } = await import('./kube-cluster-reader.js');
  const { logger } = options;
  const kube = await createKubeClusterReader({
    kubeConfig,
    resources: options.resources,
    namespaces: options.watchNamespaces,
    log: (level, message, fields = {}) => logger[level](message, flatFields(fields)),
  });
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  return {
    reader: kube.reader,
    ready: () => kube.synced(),
    offline: false,
    description: `${access.mode === 'in-cluster' ? 'in-cluster' : `kubeconfig ${access.path}`} (${server})`,
    close: () => kube.close(),
  };
}

/** The reader logs plain records; the log line takes strings, numbers, booleans and string lists. */
function flatFields(fields: Record<string, unknown>): Record<string, string | number | boolean | string[] | undefined> {
  const out: Record<string, string | number | boolean | string[] | undefined> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value;
    else out[key] = JSON.stringify(value);
  }
  return out;
}

// How KubeDB reads a MariaDB's spec where it leaves something unset (replicas, the topology): the defaults
// write these readings out, and the rules judge by them, so a manifest is judged as KubeDB will run it even
// before it is defaulted. https://github.com/kubedb/apimachinery/blob/master/apis/kubedb/v1/mariadb_helpers.go
import { isObject, numberAt, objectAt, type JsonObject } from '../object-fields.js';

export const GALERA_MODE = 'GaleraCluster';
export const REPLICATION_MODE = 'MariaDBReplication';

/** spec.replicas as KubeDB reads it: 1 when unset; undefined when mistyped (the schema reports it). */
export function replicasOf(spec: JsonObject): number | undefined {
  if (spec.replicas === undefined) return 1;
  return numberAt(spec, 'replicas');
}

/** KubeDB's reading of spec.topology: a cluster without a mode is Galera, unless it has a MaxScale. */
export function topologyModeOf(spec: JsonObject): string | undefined {
  const topology = spec.topology;
  if (isObject(topology)) {
    if (typeof topology.mode === 'string') return topology.mode;
    return topology.maxscale !== undefined ? REPLICATION_MODE : GALERA_MODE;
  }
  const replicas = replicasOf(spec);
  return replicas !== undefined && replicas > 1 ? GALERA_MODE : undefined;
}

/** KubeDB lets a cluster start below 3 nodes while it recovers from an archiver, before it is initialized. */
export function recoveringFromArchiver(spec: JsonObject): boolean {
  const init = objectAt(spec, 'init');
  return isObject(init?.archiver) && init?.initialized !== true;
}

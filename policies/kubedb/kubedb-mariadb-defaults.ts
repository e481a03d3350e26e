// The defaults KubeDB's mutating webhook and SetDefaults write into a kubedb.com/v1 MariaDB, so the linter
// judges (and `kubectl get -o yaml` shows) what KubeDB will run: one replica, Durable storage, deletionPolicy
// Delete (Halt for a halted database), and for more than one replica a Galera cluster with rsync SST.
// https://github.com/kubedb/apimachinery/blob/master/apis/kubedb/v1/mariadb_webhook.go (Default) and
// https://kubedb.com/docs/latest/guides/mariadb/concepts/mariadb/
// Only unset fields are filled, so defaulting twice equals defaulting once.
import type { KubeObject } from '../kube-object.js';
import { isObject, numberAt, setDefault } from '../object-fields.js';
import { GALERA_MODE } from './kubedb-mariadb-spec.js';

/** Fills the defaults into `object` (the engine's clone). */
export function defaultKubeDBMariaDB(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;

  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'storageType', 'Durable');
  // KubeDB's webhook turns a halted database's policy into Halt; it never overrides one the user chose here.
  setDefault(spec, 'deletionPolicy', spec.halted === true ? 'Halt' : 'Delete');

  // KubeDB's IsCluster() is replicas > 1; a cluster without a topology is a Galera cluster.
  const replicas = numberAt(spec, 'replicas');
  if (replicas !== undefined && replicas > 1) {
    if (spec.topology === undefined) spec.topology = { mode: GALERA_MODE };
    else if (isObject(spec.topology) && spec.topology.mode === undefined && spec.topology.maxscale === undefined) spec.topology.mode = GALERA_MODE;
    // Set for every cluster, replication included, as KubeDB does; only Galera reads it.
    setDefault(spec, 'wsrepSSTMethod', 'rsync');
  }
}

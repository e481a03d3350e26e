// What a policy knows besides the object: the admission operation, the stored object on UPDATE, the
// API group (the admin user differs between the enterprise and community operators) and the cluster.
import type { ClusterReader } from './cluster-reader.js';
import type { KubeObject } from './kube-object.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface PolicyContext {
  operation: Operation;
  /** The stored object, on UPDATE (and DELETE). */
  oldObject?: KubeObject;
  /** API group of the object: enterprise.mariadb.com or k8s.mariadb.com. */
  group: string;
  /** Namespace of the object; the linter assumes `default` when a manifest names none. */
  namespace: string;
  /** DNS suffix of in-cluster Service names. */
  clusterDomain: string;
  reader: ClusterReader;
  /**
   * The operator version (`26.6`) the object's group is judged at, for rules whose check differs between
   * operator releases; the engine fills it; undefined for kinds no operator version governs.
   */
  operatorVersion?: string;
}

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

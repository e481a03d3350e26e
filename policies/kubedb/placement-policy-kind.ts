// The PlacementPolicy of KubeDB's PetSet controller (schemas/apps.k8s.appscode.com/), as its rules and policy
// name it, and as a distributed MariaDB looks it up.
import type { KindRef } from '../rule.js';

export const PLACEMENT_POLICY: KindRef = { group: 'apps.k8s.appscode.com', kind: 'PlacementPolicy' };

/** The namespace a PlacementPolicy is looked up with: it is cluster-scoped, so it has none. */
export const CLUSTER_SCOPED_NAMESPACE = '';

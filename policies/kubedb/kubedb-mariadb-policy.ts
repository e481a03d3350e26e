// The KubeDB MariaDB kind's policy (kubedb.com/v1): KubeDB's defaults, what its webhook rejects or runs badly,
// and the PlacementPolicy a distributed MariaDB reads.
import { definePolicy } from '../kind-policy.js';
import { defaultKubeDBMariaDB } from './kubedb-mariadb-defaults.js';
import { forbiddenEnv, plaintextPassword } from './kubedb-mariadb-env-rules.js';
import { haltedDoNotTerminate, haltWithEphemeral } from './kubedb-mariadb-halt-rules.js';
import { immutableField } from './kubedb-immutable-field-rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';
import {
  distributedWithoutPlacementPolicy,
  placementPolicyNotFound,
  placementReplicaIndexMissing,
  placementReplicaIndexOutOfRange,
} from './kubedb-mariadb-placement-rules.js';
import { namespaceNotInSlice } from './kubedb-mariadb-slice-namespace-rules.js';
import { durableStorageRequired } from './kubedb-mariadb-storage-rules.js';
import { clusterTooFewReplicas, galeraEvenReplicas, replicasBelowOne } from './kubedb-mariadb-topology-rules.js';
import { PLACEMENT_POLICY } from './placement-policy-kind.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

export const kubedbMariaDBPolicy = definePolicy({
  ...KUBEDB_MARIADB,
  defaults: defaultKubeDBMariaDB,
  rules: [
    replicasBelowOne,
    clusterTooFewReplicas,
    galeraEvenReplicas,
    durableStorageRequired,
    haltWithEphemeral,
    haltedDoNotTerminate,
    forbiddenEnv,
    plaintextPassword,
    distributedWithoutPlacementPolicy,
    placementPolicyNotFound,
    placementReplicaIndexMissing,
    placementReplicaIndexOutOfRange,
    namespaceNotInSlice,
    immutableField,
  ],
  references: [
    {
      ...PLACEMENT_POLICY,
      why: 'a distributed MariaDB must have every replica index placed by the PlacementPolicy of spec.podTemplate.spec.podPlacementPolicy',
      watched: true,
    },
    {
      ...SLICE_CONFIG,
      why: "a distributed MariaDB's namespace must be onboarded by the SliceConfig its PlacementPolicy names",
      watched: true,
    },
  ],
});

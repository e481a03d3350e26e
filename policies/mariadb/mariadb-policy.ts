// The MariaDB kind's policy: its defaults and its rules, in the order their findings are reported. It looks
// nothing up in the cluster. The kind has a scale subresource, but none of its rules is a replicas rule, so
// `kubectl scale mariadb` is not judged.
import { definePolicy } from '../kind-policy.js';
import { plaintextPassword, rootEmptyPasswordWithSecret } from './mariadb-credential-rules.js';
import { defaultMariaDB } from './mariadb-defaults.js';
import { embeddedMaxScaleReplicas } from './mariadb-embedded-maxscale.js';
import { galeraEvenReplicas, galeraTwoReplicas } from './mariadb-galera-quorum-rules.js';
import { MARIADB } from './mariadb-kind.js';
import { maxScaleRefConflict } from './mariadb-maxscale-rules.js';
import { ephemeralStorageHa, storageSizeRequired } from './mariadb-storage-rules.js';
import { galeraAndReplication, haSingleReplica, primaryPodIndexOutOfRange, replicasWithoutHa } from './mariadb-topology-rules.js';
import { immutableField, storageShrink } from './mariadb-update-rules.js';

export const mariadbPolicy = definePolicy({
  ...MARIADB,
  defaults: defaultMariaDB,
  rules: [
    galeraAndReplication,
    replicasWithoutHa,
    haSingleReplica,
    galeraTwoReplicas,
    galeraEvenReplicas,
    primaryPodIndexOutOfRange,
    ephemeralStorageHa,
    storageSizeRequired,
    rootEmptyPasswordWithSecret,
    maxScaleRefConflict,
    embeddedMaxScaleReplicas,
    plaintextPassword,
    storageShrink,
    immutableField,
  ],
});

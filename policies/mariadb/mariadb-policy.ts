// The MariaDB kind's policy: its defaults and its rules, in the order their findings are reported. It looks
// up the MaxScale of spec.maxScaleRef. The kind has a scale subresource, but none of its rules is a replicas rule, so
// `kubectl scale mariadb` is not judged.
import { definePolicy } from '../kind-policy.js';
import { pdbOneOfRule } from '../pdb-rule.js';
import { tlsCertAndIssuerRule, tlsCertWithoutCaRule } from '../tls-certificate-rules.js';
import {
  bootstrapFromBackupKindUnsupported,
  bootstrapFromContentTypeMismatch,
  bootstrapFromNoSource,
  bootstrapFromPitrExclusive,
  bootstrapFromVolumeSnapshotExclusive,
} from './mariadb-bootstrap-rules.js';
import { plaintextPassword, rootEmptyPasswordWithSecret } from './mariadb-credential-rules.js';
import { defaultMariaDB } from './mariadb-defaults.js';
import { embeddedMaxScaleReplicas } from './mariadb-embedded-maxscale.js';
import { galeraEvenReplicas, galeraTwoReplicas } from './mariadb-galera-quorum-rules.js';
import {
  galeraAgentTwoAuthMethods,
  galeraForceBootstrapPodUnknown,
  galeraMinClusterSizeNotPercentage,
  galeraMinClusterSizeOutOfRange,
  galeraProviderOptionsIstRecvAddr,
  galeraReplicaThreadsNegative,
} from './mariadb-galera-rules.js';
import { MARIADB } from './mariadb-kind.js';
import { maxScaleRefConflict } from './mariadb-maxscale-rules.js';
import { multiClusterNotMember, multiClusterPrimaryNotMember, multiClusterPrimaryRequired, multiClusterWithoutHa } from './mariadb-multi-cluster-rules.js';
import { replicaRecoveryWithoutBootstrapFrom } from './mariadb-replication-rules.js';
import { ephemeralStorageHa, ephemeralStorageWithSize, storageSizeBelowClaimTemplate, storageSizeRequired, storageSizeZero } from './mariadb-storage-rules.js';
import { galeraAndReplication, haSingleReplica, primaryPodIndexOutOfRange, replicasWithoutHa } from './mariadb-topology-rules.js';
import { maxScaleRefNotFound, maxScaleRefNotPointingBack } from './mariadb-maxscale-ref-rules.js';
import { claimTemplateClassChange, haMethodChange, immutableField, storageShrink } from './mariadb-update-rules.js';

/** The certificates of spec.tls, each from a Secret (with its CA) or from a cert-manager issuer. */
const TLS_PARTS = ['server', 'client'];

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
    galeraReplicaThreadsNegative,
    galeraProviderOptionsIstRecvAddr,
    galeraAgentTwoAuthMethods,
    galeraMinClusterSizeNotPercentage,
    galeraMinClusterSizeOutOfRange,
    galeraForceBootstrapPodUnknown,
    replicaRecoveryWithoutBootstrapFrom,
    bootstrapFromNoSource,
    bootstrapFromBackupKindUnsupported,
    bootstrapFromContentTypeMismatch,
    bootstrapFromVolumeSnapshotExclusive,
    bootstrapFromPitrExclusive,
    pdbOneOfRule('mariadb', [MARIADB]),
    ephemeralStorageHa,
    storageSizeRequired,
    ephemeralStorageWithSize,
    storageSizeZero,
    storageSizeBelowClaimTemplate,
    tlsCertAndIssuerRule('mariadb', [MARIADB], TLS_PARTS, { whenEnabled: true }),
    tlsCertWithoutCaRule('mariadb', [MARIADB], TLS_PARTS, { whenEnabled: true }),
    multiClusterWithoutHa,
    multiClusterPrimaryRequired,
    multiClusterNotMember,
    multiClusterPrimaryNotMember,
    rootEmptyPasswordWithSecret,
    maxScaleRefConflict,
    embeddedMaxScaleReplicas,
    plaintextPassword,
    storageShrink,
    immutableField,
    haMethodChange,
    claimTemplateClassChange,
    maxScaleRefNotFound,
    maxScaleRefNotPointingBack,
  ],
  references: [
    {
      kind: 'MaxScale',
      group: 'own',
      why: 'spec.maxScaleRef is checked to name a MaxScale that exists and whose spec.mariaDbRef names this MariaDB',
      watched: true,
    },
  ],
});

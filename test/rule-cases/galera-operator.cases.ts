// Cases of the Galera operator rules (sql.databases/v1beta2) with a CEL twin in their hand-written CRD schemas
// (schemas/sql.databases/): the cluster size, the image's version tag, the S3 settings of a restore and of a
// backup, and mariabackup's credentials.
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

const API_VERSION = 'sql.databases/v1beta2';
const S3 = { endpoint: 'http://minio.minio.svc:9000', bucket: 'save', credentialsSecret: { name: 's3-secret' } };

type Spec = Record<string, unknown>;

function galera(spec: Spec = {}, pod: Spec = {}): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'Galera',
    metadata: { name: 'gal', namespace: 'galera', labels: { 'galera-cluster': 'gal' } },
    spec: {
      replicas: 3,
      pod: { credentialsSecret: { name: 'galera-secret' }, image: 'sebs42/mariadb:10.4.12-bionic', mycnfConfigMap: { name: 'galeraconf' }, ...pod },
      persistentVolumeClaimSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } },
      ...spec,
    },
  };
}

const withImage = (image: string) => galera({}, { image });

/** A GaleraBackup to S3 with mariabackup; `drop` names spec fields to leave out. */
function backup(spec: Spec = {}, drop: string[] = []): KubeObject {
  const full: Spec = {
    galeraName: 'gal',
    backupMethodType: 'mariabackup',
    mariabackup: { credentialsBackup: { name: 'galera-secret' } },
    storageProviderType: 'S3',
    s3: S3,
    ...spec,
  };
  for (const field of drop) delete full[field];
  return { apiVersion: API_VERSION, kind: 'GaleraBackup', metadata: { name: 'galera-backup', namespace: 'galera' }, spec: full };
}

const s3Without = (field: string): Spec => Object.fromEntries(Object.entries(S3).filter(([key]) => key !== field));

export const cases: RuleCase[] = [
  // galera/replicas-odd-3-to-9
  { rule: 'galera/replicas-odd-3-to-9', name: 'an even cluster', object: galera({ replicas: 4 }), fires: true, path: 'spec.replicas' },
  { rule: 'galera/replicas-odd-3-to-9', name: 'one node', object: galera({ replicas: 1 }), fires: true, path: 'spec.replicas' },
  { rule: 'galera/replicas-odd-3-to-9', name: 'eleven nodes', object: galera({ replicas: 11 }), fires: true, path: 'spec.replicas' },
  { rule: 'galera/replicas-odd-3-to-9', name: 'three nodes', object: galera({ replicas: 3 }), fires: false },
  { rule: 'galera/replicas-odd-3-to-9', name: 'nine nodes', object: galera({ replicas: 9 }), fires: false },

  // galera/image-tag-not-semver
  { rule: 'galera/image-tag-not-semver', name: 'no tag', object: withImage('sebs42/mariadb'), fires: true, path: 'spec.pod.image' },
  { rule: 'galera/image-tag-not-semver', name: 'latest', object: withImage('sebs42/mariadb:latest'), fires: true, path: 'spec.pod.image' },
  { rule: 'galera/image-tag-not-semver', name: 'two numbers only', object: withImage('mariadb:10.4'), fires: true, path: 'spec.pod.image' },
  {
    rule: 'galera/image-tag-not-semver',
    name: 'a digest without a tag',
    object: withImage('sebs42/mariadb@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
    fires: true,
    path: 'spec.pod.image',
  },
  {
    rule: 'galera/image-tag-not-semver',
    name: 'a registry port is not a tag',
    object: withImage('registry:5000/mariadb'),
    fires: true,
    path: 'spec.pod.image',
  },
  { rule: 'galera/image-tag-not-semver', name: 'a version with an option', object: galera(), fires: false },
  { rule: 'galera/image-tag-not-semver', name: 'a registry with a port and a version', object: withImage('registry:5000/team/mariadb:10.5.8'), fires: false },
  {
    rule: 'galera/image-tag-not-semver',
    name: 'a version tag pinned by a digest',
    object: withImage('mariadb:10.4.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
    fires: false,
  },

  // galera/s3-settings-incomplete, on a Galera's restore and on a GaleraBackup
  {
    rule: 'galera/s3-settings-incomplete',
    name: 'a restore from S3 without s3',
    object: galera({ restore: { name: 'galera-backup', storageProviderType: 'S3' } }),
    fires: true,
    path: 'spec.restore.s3',
  },
  {
    rule: 'galera/s3-settings-incomplete',
    name: 'a restore from S3 without an endpoint',
    object: galera({ restore: { name: 'galera-backup', storageProviderType: 'S3', s3: s3Without('endpoint') } }),
    fires: true,
    path: 'spec.restore.s3.endpoint',
  },
  {
    rule: 'galera/s3-settings-incomplete',
    name: 'a restore from S3 with all settings',
    object: galera({ restore: { name: 'galera-backup', storageProviderType: 'S3', s3: S3 } }),
    fires: false,
  },
  { rule: 'galera/s3-settings-incomplete', name: 'a backup to S3 without s3', object: backup({}, ['s3']), fires: true, path: 'spec.s3' },
  {
    rule: 'galera/s3-settings-incomplete',
    name: 'a backup to S3 without credentials',
    object: backup({ s3: s3Without('credentialsSecret') }),
    fires: true,
    path: 'spec.s3.credentialsSecret',
  },
  {
    rule: 'galera/s3-settings-incomplete',
    name: 'a backup to S3 with an empty endpoint',
    object: backup({ s3: { ...S3, endpoint: '' } }),
    fires: true,
    path: 'spec.s3.endpoint',
  },
  {
    rule: 'galera/s3-settings-incomplete',
    name: 'a backup to S3 without a bucket',
    object: backup({ s3: s3Without('bucket') }),
    fires: true,
    path: 'spec.s3.bucket',
  },
  { rule: 'galera/s3-settings-incomplete', name: 'a backup with all S3 settings', object: backup(), fires: false },

  // galera/backup-credentials-missing
  {
    rule: 'galera/backup-credentials-missing',
    name: 'mariabackup without its block',
    object: backup({}, ['mariabackup']),
    fires: true,
    path: 'spec.mariabackup',
  },
  {
    rule: 'galera/backup-credentials-missing',
    name: 'mariabackup without credentialsBackup',
    object: backup({ mariabackup: {} }),
    fires: true,
    path: 'spec.mariabackup.credentialsBackup',
  },
  { rule: 'galera/backup-credentials-missing', name: 'mariabackup with credentials', object: backup(), fires: false },
];

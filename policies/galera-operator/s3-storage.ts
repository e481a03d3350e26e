// The storage provider block GaleraBackup (spec) and a Galera's restore (spec.restore) share: a type, then the
// settings of that type. The operator dereferences s3 and s3.credentialsSecret without a check, and its backup
// sidecar hands endpoint, bucket and the Secret's keys to the AWS SDK:
// https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/backup/storage-provider/s3/provider.go
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import { GALERA_BACKUP } from './galera-backup-kind.js';
import type { KeyedReference } from './referenced-keys.js';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const HOST_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\.?$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;

type EndpointProblem = { kind: 'credentials' } | { kind: 'invalid'; why: string };

/** What is wrong with an S3 endpoint: it must be a host (with an optional port) or an http(s) URL. */
export function s3EndpointProblem(endpoint: string): EndpointProblem | undefined {
  let url: URL;
  try {
    // The AWS SDK adds https:// to a bare host; do the same to read one.
    url = new URL(SCHEME.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    return { kind: 'invalid', why: 'not a host name or an http(s) URL' };
  }
  if (url.username !== '' || url.password !== '') return { kind: 'credentials' };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid', why: `the scheme ${url.protocol.slice(0, -1)} is not http or https` };
  if (!HOST_NAME.test(url.hostname) && !IPV6_LITERAL.test(url.hostname)) return { kind: 'invalid', why: 'not a host name or an http(s) URL' };
  return undefined;
}

/** A storage provider block and its path (`spec` or `spec.restore`), for the findings' paths. */
export interface StorageBlock {
  block: JsonObject;
  base: string;
}

/**
 * The block of S3 storage an object uses: a GaleraBackup's spec, a Galera's spec.restore; undefined when there
 * is none or it is another provider. A block of the wrong type is the schema's finding.
 */
export function s3StorageBlock(object: KubeObject): StorageBlock | undefined {
  const spec = objectAt(object, 'spec');
  const storage = object.kind === GALERA_BACKUP.kind ? spec && { block: spec, base: 'spec' } : restoreBlock(spec);
  return storage?.block.storageProviderType === 'S3' ? storage : undefined;
}

function restoreBlock(spec: JsonObject | undefined): StorageBlock | undefined {
  const restore = objectAt(spec, 'restore');
  return restore && { block: restore, base: 'spec.restore' };
}

/** The S3 endpoint written in a block of S3 storage, where there is one to judge (an empty one is missing). */
export function s3Endpoint(object: KubeObject): { path: string; endpoint: string } | undefined {
  const storage = s3StorageBlock(object);
  const s3 = storage?.block.s3;
  const endpoint = isObject(s3) ? stringAt(s3, 'endpoint') : undefined;
  return storage && endpoint !== undefined && endpoint !== '' ? { path: `${storage.base}.s3.endpoint`, endpoint } : undefined;
}

/** The S3 credentials Secret, for the key check, when the block names one. */
export function s3CredentialsReference(storage: StorageBlock | undefined, namespace: string): KeyedReference | undefined {
  const name = stringAt(objectAt(objectAt(storage?.block, 's3'), 'credentialsSecret'), 'name');
  if (storage === undefined || name === undefined) return undefined;
  return {
    kind: 'Secret',
    path: `${storage.base}.s3.credentialsSecret.name`,
    name,
    namespace,
    keys: ['accessKeyId', 'secretAccessKey'],
    purpose: 'the backup sidecar (the S3 access key and secret key)',
  };
}

// The storage provider block GaleraBackup (spec) and a Galera's restore (spec.restore) share: a type, then the
// settings of that type. The operator dereferences s3 and s3.credentialsSecret without a check, and its backup
// sidecar hands endpoint, bucket and the Secret's keys to the AWS SDK:
// https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/backup/storage-provider/s3/provider.go
import type { FieldError } from '../field-error.js';
import { isObject, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { KeyedReference } from './referenced-keys.js';
import { GALERA_RULES } from './galera-rules-catalog.js';

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

/**
 * Findings for a block with storageProviderType and s3 (`base` is its path: `spec` or `spec.restore`).
 * Values the schema already rejects (a wrong type, a bucket name of the wrong form) are left to it.
 */
export function s3Findings(block: JsonObject, base: string): FieldError[] {
  if (block.storageProviderType !== 'S3') return [];
  const s3 = block.s3;
  if (s3 === undefined || s3 === null) {
    return [GALERA_RULES.s3Incomplete.at(`${base}.s3`, 'Required value: storageProviderType S3 needs s3 with bucket, endpoint and credentialsSecret (a Secret with accessKeyId and secretAccessKey)')];
  }
  if (!isObject(s3)) return [];
  const findings: FieldError[] = [];
  const missing: Array<[string, string]> = [
    ['bucket', 'the bucket the backups are stored in'],
    ['endpoint', 'the host or URL of the S3 service, such as http://minio.minio.svc:9000'],
    ['credentialsSecret', 'a Secret with accessKeyId and secretAccessKey'],
  ];
  for (const [field, what] of missing) {
    if (s3[field] === undefined || s3[field] === null || (field === 'endpoint' && s3[field] === '')) {
      findings.push(GALERA_RULES.s3Incomplete.at(`${base}.s3.${field}`, `Required value: set s3.${field}, ${what}`));
    }
  }
  const endpoint = stringAt(s3, 'endpoint');
  if (endpoint !== undefined && endpoint !== '') {
    const problem = s3EndpointProblem(endpoint);
    if (problem?.kind === 'credentials') {
      findings.push(
        GALERA_RULES.plaintextCredential.at(
          `${base}.s3.endpoint`,
          'Forbidden: s3.endpoint embeds credentials in user:password@ form (value not shown), readable by anyone who can read this object: remove them; the operator takes the S3 keys from s3.credentialsSecret',
        ),
      );
    } else if (problem) {
      const placeholder = endpoint.includes('$') ? ' (it looks like a placeholder left in)' : '';
      findings.push(
        GALERA_RULES.s3Endpoint.at(
          `${base}.s3.endpoint`,
          `Invalid value: ${JSON.stringify(endpoint)}: ${problem.why}${placeholder}: write the S3 service's host or URL, such as http://minio.minio.svc:9000 or s3.eu-west-1.amazonaws.com`,
        ),
      );
    }
  }
  return findings;
}

/** The S3 credentials Secret, for the key check, when the block names one. */
export function s3CredentialsReference(block: JsonObject, base: string, namespace: string): KeyedReference | undefined {
  if (block.storageProviderType !== 'S3') return undefined;
  const name = stringAt(objectAt(objectAt(block, 's3'), 'credentialsSecret'), 'name');
  if (name === undefined) return undefined;
  return {
    kind: 'Secret',
    path: `${base}.s3.credentialsSecret.name`,
    name,
    namespace,
    keys: ['accessKeyId', 'secretAccessKey'],
    purpose: 'the backup sidecar (the S3 access key and secret key)',
  };
}

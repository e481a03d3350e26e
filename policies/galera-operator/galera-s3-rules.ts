// S3 storage of a GaleraBackup (spec) and of a Galera's restore (spec.restore): the operator dereferences the
// settings without checking them, and the S3 client cannot reach an endpoint that is no host or URL, so either
// mistake surfaces only when a backup or restore runs. Values the schema already rejects (a wrong type, a bucket
// name of the wrong form) are left to it; credentials in the endpoint are galera/plaintext-credential's.
import { isObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { GALERA_BACKUP } from './galera-backup-kind.js';
import { GALERA } from './galera-kind.js';
import { s3Endpoint, s3EndpointProblem, s3StorageBlock } from './s3-storage.js';

const S3_SETTINGS: ReadonlyArray<[field: string, what: string]> = [
  ['bucket', 'the bucket the backups are stored in'],
  ['endpoint', 'the host or URL of the S3 service, such as http://minio.minio.svc:9000'],
  ['credentialsSecret', 'a Secret with accessKeyId and secretAccessKey'],
];

export const s3SettingsIncomplete = defineRule({
  id: 'galera/s3-settings-incomplete',
  kinds: [GALERA, GALERA_BACKUP],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'storageProviderType is S3 but s3, or its bucket, endpoint or credentialsSecret, is missing.',
  why: 'The operator dereferences these settings without checking them: it stops on a missing block, and the backup or restore fails on a missing value.',
  fix: 'Give s3.bucket, s3.endpoint (host or URL of the S3 service) and s3.credentialsSecret (a Secret with accessKeyId and secretAccessKey); s3.region is optional.',
  check({ object, at }) {
    const storage = s3StorageBlock(object);
    if (!storage) return [];
    const s3 = storage.block.s3;
    if (s3 === undefined || s3 === null) {
      return [
        at(
          `${storage.base}.s3`,
          'Required value: storageProviderType S3 needs s3 with bucket, endpoint and credentialsSecret (a Secret with accessKeyId and secretAccessKey)',
        ),
      ];
    }
    if (!isObject(s3)) return [];
    return S3_SETTINGS.filter(([field]) => s3[field] === undefined || s3[field] === null || (field === 'endpoint' && s3[field] === '')).map(([field, what]) =>
      at(`${storage.base}.s3.${field}`, `Required value: set s3.${field}, ${what}`),
    );
  },
});

export const s3EndpointInvalid = defineRule({
  id: 'galera/s3-endpoint-invalid',
  noCelTwin:
    'parses the endpoint as a URL the way the S3 client does (WHATWG rules, IPv6 literals); standard CEL has no URL parser, and a regular expression would refuse endpoints the operator accepts',
  kinds: [GALERA, GALERA_BACKUP],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 's3.endpoint is neither a host name nor an http(s) URL (often a placeholder such as $YOURENDPOINT left in).',
  why: 'The S3 client cannot reach such an endpoint: every backup or restore fails.',
  fix: 'Write the host or URL of the S3 service, such as http://minio.minio.svc:9000 or s3.eu-west-1.amazonaws.com.',
  check({ object, at }) {
    const written = s3Endpoint(object);
    const problem = written && s3EndpointProblem(written.endpoint);
    if (!written || problem?.kind !== 'invalid') return [];
    // The operator's example ships `endpoint: $YOURENDPOINT`, to be replaced.
    const placeholder = written.endpoint.includes('$') ? ' (it looks like a placeholder left in)' : '';
    return [
      at(
        written.path,
        `Invalid value: ${JSON.stringify(written.endpoint)}: ${problem.why}${placeholder}: write the S3 service's host or URL, such as http://minio.minio.svc:9000 or s3.eu-west-1.amazonaws.com`,
      ),
    ];
  },
});

// Credentials written as plain text in a Galera or GaleraBackup: the operator takes every credential from
// Secrets, so a password in a pod's env or in an S3 endpoint is there only for anyone who can read the object,
// its pods or the Git repository it comes from. The env check is shared with the other kinds (plaintext-secrets.ts).
import { valueAtPath } from '../immutable-fields.js';
import { plaintextPasswordFindings } from '../plaintext-secrets.js';
import { defineRule, type Rule } from '../rule.js';
import { GALERA_BACKUP } from './galera-backup-kind.js';
import { GALERA } from './galera-kind.js';
import { s3Endpoint, s3EndpointProblem } from './s3-storage.js';

/** Every env list that reaches a Galera pod: the galera container, the metrics sidecar, the special node. */
const GALERA_ENV_PATHS = ['spec.pod.env', 'spec.pod.metric.env', 'spec.special.specialEnv'] as const;

// Annotated: the check hands the rule itself to the shared env check, which reports through it.
export const plaintextCredential: Rule = defineRule({
  id: 'galera/plaintext-credential',
  noCelTwin:
    "a heuristic over env names and values, and a URL parse of the S3 endpoint: beyond a CRD's CEL cost budget over unbounded env lists, and standard CEL parses no URLs",
  kinds: [GALERA, GALERA_BACKUP],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'A Galera pod env variable (galera, metric sidecar or special node) or an S3 endpoint holds a credential as plain text.',
  why: 'Anyone who can read the Galera, its pods or the Git repository it comes from can read the password; the operator itself takes every credential from Secrets.',
  fix: 'Put the value in a Secret and use valueFrom.secretKeyRef; in a DSN write $(VARIABLE) for the password and take that variable from the Secret.',
  check({ object, at }) {
    // A GaleraBackup runs no pod of its own: only a Galera has env lists.
    const envPaths = object.kind === GALERA.kind ? GALERA_ENV_PATHS : [];
    const inEnv = envPaths.flatMap((path) => plaintextPasswordFindings(valueAtPath(object, path), path, plaintextCredential));
    const written = s3Endpoint(object);
    if (!written || s3EndpointProblem(written.endpoint)?.kind !== 'credentials') return inEnv;
    return [
      ...inEnv,
      at(
        written.path,
        'Forbidden: s3.endpoint embeds credentials in user:password@ form (value not shown), readable by anyone who can read this object: remove them; the operator takes the S3 keys from s3.credentialsSecret',
      ),
    ];
  },
});

// The Secrets and ConfigMaps a Galera or GaleraBackup names must have the keys the operator reads: without them
// the cluster cannot bootstrap, or the backup fails when it starts, long after the object was accepted.
// The operator's controllers: https://github.com/Orange-OpenSource/galera-operator/tree/master/pkg/controllers
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { objectAt, stringAt, type JsonObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { GALERA_BACKUP } from './galera-backup-kind.js';
import { GALERA } from './galera-kind.js';
import { missingKeys, type KeyedReference } from './referenced-keys.js';
import { s3CredentialsReference, s3StorageBlock } from './s3-storage.js';

/** A Galera's: the operator's account, the my.cnf of every node and of the special node, the restore's S3 keys. */
function galeraReferences(object: KubeObject, spec: JsonObject, namespace: string): KeyedReference[] {
  const refs: KeyedReference[] = [];
  const pod = objectAt(spec, 'pod');
  const secret = stringAt(objectAt(pod, 'credentialsSecret'), 'name');
  if (secret !== undefined) {
    refs.push({
      kind: 'Secret',
      path: 'spec.pod.credentialsSecret.name',
      name: secret,
      namespace,
      keys: ['user', 'password'],
      purpose: 'the operator (its database account for bootstrap and probes)',
    });
  }
  const configs: Array<[string, string | undefined]> = [
    ['spec.pod.mycnfConfigMap.name', stringAt(objectAt(pod, 'mycnfConfigMap'), 'name')],
    ['spec.special.mycnfSpecialConfigMap.name', stringAt(objectAt(objectAt(spec, 'special'), 'mycnfSpecialConfigMap'), 'name')],
  ];
  for (const [path, name] of configs) {
    if (name !== undefined) refs.push({ kind: 'ConfigMap', path, name, namespace, keys: ['my.cnf'], purpose: 'the bootstrap init container' });
  }
  const s3Secret = s3CredentialsReference(s3StorageBlock(object), namespace);
  if (s3Secret) refs.push(s3Secret);
  return refs;
}

/** A GaleraBackup's: the account mariabackup logs in with, and the S3 keys. */
function backupReferences(object: KubeObject, spec: JsonObject, namespace: string): KeyedReference[] {
  const refs: KeyedReference[] = [];
  const secret = stringAt(objectAt(objectAt(spec, 'mariabackup'), 'credentialsBackup'), 'name');
  if (secret !== undefined && spec.backupMethodType === 'mariabackup') {
    // The operator reads it from the GaleraBackup's own namespace...
    refs.push({
      kind: 'Secret',
      path: 'spec.mariabackup.credentialsBackup.name',
      name: secret,
      namespace,
      keys: ['user', 'password'],
      purpose: 'mariabackup (its database account)',
    });
  }
  // ...and the S3 Secret from the Galera's.
  const s3Secret = s3CredentialsReference(s3StorageBlock(object), stringAt(spec, 'galeraNamespace') ?? namespace);
  if (s3Secret) refs.push(s3Secret);
  return refs;
}

function missingKeysMessage(ref: KeyedReference, missing: readonly string[]): string {
  const list = missing.map((k) => `"${k}"`).join(' and ');
  const wanted = ref.keys.map((k) => `"${k}"`).join(' and ');
  return `Invalid value: "${ref.name}": ${ref.kind} ${ref.namespace}/${ref.name} has no key ${list}, which ${ref.purpose} reads: add ${missing.length === 1 ? 'it' : 'them'} to the ${ref.kind}, or name one that has ${wanted}`;
}

export const referenceMissingKeys = defineRule({
  id: 'galera/reference-missing-keys',
  noCelTwin: 'reads the named Secrets and ConfigMaps from the cluster',
  kinds: [GALERA, GALERA_BACKUP],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'A Secret or ConfigMap the Galera or GaleraBackup names lacks a key the operator reads (user and password, accessKeyId and secretAccessKey, my.cnf).',
  why: 'The operator reads those exact keys: without them the cluster cannot bootstrap, or the backup fails when it starts.',
  fix: 'Add the missing keys to the Secret or ConfigMap, or name one that has them.',
  async check({ object, spec, ctx, at }) {
    const namespace = stringAt(object.metadata, 'namespace') ?? ctx.namespace;
    const refs = object.kind === GALERA_BACKUP.kind ? backupReferences(object, spec, namespace) : galeraReferences(object, spec, namespace);
    const findings: FieldError[] = [];
    const unread: string[] = [];
    for (const ref of refs) {
      const missing = await missingKeys(ctx.reader, ref);
      if (missing === 'unknown') unread.push(`${ref.kind} ${ref.namespace}/${ref.name}`);
      else if (missing.length > 0) findings.push(at(ref.path, missingKeysMessage(ref, missing)));
    }
    // The webhook does not read Secrets or ConfigMaps: say the keys went unchecked rather than that they passed.
    if (findings.length === 0 && unread.length > 0) return { skipped: `${unread.join(', ')} could not be read` };
    return findings;
  },
});

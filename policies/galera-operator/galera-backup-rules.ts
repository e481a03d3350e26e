// What makes a GaleraBackup fail or mislead: a schedule that cannot be read (or that the operator ignores),
// the settings block of its method or provider left out, and the keys of the Secrets it names.
// The operator's controller: https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/controllers/backup/backup_galera_control.go
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { cronScheduleProblem } from './cron-schedule.js';
import { GALERA_RULES } from './galera-rules-catalog.js';
import { missingKeyFindings, type KeyedReference } from './referenced-keys.js';
import { s3CredentialsReference, s3Findings } from './s3-storage.js';

function scheduleFindings(spec: JsonObject): FieldError[] {
  const schedule = stringAt(spec, 'schedule');
  if (schedule === undefined) return [];
  const problem = cronScheduleProblem(schedule);
  if (problem) {
    return [
      GALERA_RULES.scheduleInvalid.at(
        'spec.schedule',
        `Invalid value: ${JSON.stringify(schedule)}: ${problem}: write five fields, minute hour day-of-month month day-of-week, such as "0 2 * * *" (02:00 every day)`,
      ),
    ];
  }
  // A valid schedule still does nothing: one mistake at a time, so only once it reads well.
  return [
    GALERA_RULES.scheduleIgnored.at(
      'spec.schedule',
      'the Galera operator (v1beta2) does not schedule backups: it runs this GaleraBackup once, when it is created: for recurring backups, have a Kubernetes CronJob create a new GaleraBackup each time',
    ),
  ];
}

function methodFindings(spec: JsonObject): FieldError[] {
  if (spec.backupMethodType !== 'mariabackup') return [];
  const block = spec.mariabackup;
  if (block === undefined || block === null) {
    return [GALERA_RULES.backupCredentials.at('spec.mariabackup', 'Required value: backupMethodType mariabackup needs mariabackup.credentialsBackup, the Secret with user and password of the account mariabackup logs in with')];
  }
  // Mistyped: the schema's finding.
  if (!isObject(block) || (block.credentialsBackup !== undefined && block.credentialsBackup !== null)) return [];
  return [GALERA_RULES.backupCredentials.at('spec.mariabackup.credentialsBackup', 'Required value: set mariabackup.credentialsBackup.name to the Secret with user and password of the account mariabackup logs in with')];
}

function keyedReferences(spec: JsonObject, namespace: string): KeyedReference[] {
  const refs: KeyedReference[] = [];
  const secret = stringAt(objectAt(objectAt(spec, 'mariabackup'), 'credentialsBackup'), 'name');
  if (secret !== undefined && spec.backupMethodType === 'mariabackup') {
    // The operator reads it from the GaleraBackup's own namespace...
    refs.push({ kind: 'Secret', path: 'spec.mariabackup.credentialsBackup.name', name: secret, namespace, keys: ['user', 'password'], purpose: 'mariabackup (its database account)' });
  }
  // ...and the S3 Secret from the Galera's.
  const s3Secret = s3CredentialsReference(spec, 'spec', stringAt(spec, 'galeraNamespace') ?? namespace);
  if (s3Secret) refs.push(s3Secret);
  return refs;
}

/** Every finding of the GaleraBackup rules; never throws on mistyped input. */
export async function galeraBackupFindings(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const spec = objectAt(object, 'spec');
  if (!spec) return [];
  const namespace = stringAt(object.metadata, 'namespace') ?? ctx.namespace;
  return [
    ...scheduleFindings(spec),
    ...methodFindings(spec),
    ...s3Findings(spec, 'spec'),
    ...(await missingKeyFindings(ctx.reader, keyedReferences(spec, namespace))),
  ];
}

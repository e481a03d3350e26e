// Restore defaults, as the mariadb-operator's Restore.SetDefaults and RestoreSource.SetDefaults write them back:
// the retry count, the Job's ServiceAccount, anti-affinity to the MariaDB's pods, and for a backup in S3 the
// volume it is staged in. None needs a lookup: the MariaDB's name is the reference's. Taking the files from
// spec.backupRef's Backup (SetDefaultsWithBackup) waits for that Backup to complete, so it is left to the operator.
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, stringAt } from '../object-fields.js';
import { defaultAntiAffinity, defaultBackoffLimit, defaultServiceAccount, isSet, stagingVolume } from '../backup/backup-fields.js';

export function defaultRestore(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  const name = object.metadata?.name;
  defaultBackoffLimit(spec);
  defaultServiceAccount(spec, name);
  defaultAntiAffinity(spec, stringAt(objectAt(spec, 'mariaDbRef'), 'name'));
  if (isSet(spec, 's3') && !isSet(spec, 'volume') && name !== undefined) spec.volume = stagingVolume(name, objectAt(spec, 'stagingStorage'));
}

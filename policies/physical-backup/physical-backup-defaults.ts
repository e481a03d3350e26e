// PhysicalBackup defaults, as the mariadb-operator's PhysicalBackup.SetDefaults writes them back: target (26.x),
// retention and timeout always; for Job-based backups (not VolumeSnapshots) also compression, retries, Job
// history (failed Jobs: 26.x) and the Job's ServiceAccount. None needs the MariaDB itself.
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, setDefault } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defaultBackoffLimit, defaultServiceAccount, isSet, ONE_HOUR, THIRTY_DAYS } from '../backup/backup-fields.js';
import { defaultCompression, isZeroDuration } from '../backup/backup-defaults.js';

const JOBS_KEPT = 5;

export function defaultPhysicalBackup(object: KubeObject, ctx: PolicyContext): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  const since26 = ctx.operatorVersion !== '25.10';
  if (since26) setDefault(spec, 'target', 'Replica');
  if (isZeroDuration(spec.maxRetention)) spec.maxRetention = THIRTY_DAYS;
  setDefault(spec, 'timeout', ONE_HOUR);
  // A VolumeSnapshot runs no Job: the operator defaults nothing else for it.
  if (isSet(objectAt(spec, 'storage'), 'volumeSnapshot')) return;
  defaultCompression(spec);
  defaultBackoffLimit(spec);
  setDefault(spec, 'successfulJobsHistoryLimit', JOBS_KEPT);
  if (since26) setDefault(spec, 'failedJobsHistoryLimit', JOBS_KEPT);
  defaultServiceAccount(spec, object.metadata?.name);
}

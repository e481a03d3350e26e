// The operator's Backup, Restore and PhysicalBackup Validate: spec.stagingStorage is where backups wait on their
// way to or from S3, so it is refused when no S3 is set. The operator refuses it even beside a PhysicalBackup's
// spec.storage.azureBlob (which stages in an emptyDir).
import { objectAt } from '../object-fields.js';
import { defineRule, type KindRef, type Rule } from '../rule.js';
import { isSet } from './backup-fields.js';

/** `s3Path` is where the kind keeps its S3: `spec.storage.s3` for backups, `spec.s3` for a Restore. */
export function stagingStorageRule(id: string, kinds: readonly KindRef[], kindName: string, s3Path: 'spec.storage.s3' | 'spec.s3'): Rule {
  return defineRule({
    id,
    kinds,
    severity: 'error',
    reason: 'FieldValueForbidden',
    what: `spec.stagingStorage on a ${kindName} without ${s3Path}.`,
    why: "Staging storage only holds backups on their way to or from S3; the operator's webhook refuses it otherwise.",
    fix: `Remove spec.stagingStorage, or set ${s3Path}.`,
    check({ spec, at }) {
      const s3 = s3Path === 'spec.s3' ? isSet(spec, 's3') : isSet(objectAt(spec, 'storage'), 's3');
      if (!isSet(spec, 'stagingStorage') || s3) return [];
      if (isSet(objectAt(spec, 'storage'), 'azureBlob')) {
        return [
          at(
            'spec.stagingStorage',
            `Forbidden: the operator accepts staging storage only with ${s3Path}, not with spec.storage.azureBlob; remove spec.stagingStorage (Azure Blob backups are then staged in an emptyDir)`,
          ),
        ];
      }
      return [at('spec.stagingStorage', `Forbidden: staging storage is only used with ${s3Path}; remove spec.stagingStorage, or set ${s3Path}`)];
    },
  });
}

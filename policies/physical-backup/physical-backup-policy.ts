// The PhysicalBackup kind's policy: the operator's defaults and webhook checks, and the MariaDB it copies.
import { definePolicy } from '../kind-policy.js';
import { defaultPhysicalBackup } from './physical-backup-defaults.js';
import { PHYSICAL_BACKUP } from './physical-backup-kind.js';
import { physicalBackupMariadbNotFound } from './physical-backup-reference-rules.js';
import {
  physicalBackupCompression,
  physicalBackupScheduleCron,
  physicalBackupScheduleNeverRuns,
  physicalBackupStagingStorage,
  physicalBackupStorage,
  physicalBackupTarget,
} from './physical-backup-spec-rules.js';
import { physicalBackupImmutable } from './physical-backup-update-rules.js';

export const physicalBackupPolicy = definePolicy({
  ...PHYSICAL_BACKUP,
  defaults: defaultPhysicalBackup,
  rules: [
    physicalBackupTarget,
    physicalBackupScheduleCron,
    physicalBackupScheduleNeverRuns,
    physicalBackupStorage,
    physicalBackupCompression,
    physicalBackupStagingStorage,
    physicalBackupImmutable,
    physicalBackupMariadbNotFound,
  ],
  references: [{ kind: 'MariaDB', group: 'own', why: 'the MariaDB of spec.mariaDbRef is checked to exist', watched: true }],
});

// The PointInTimeRecovery kind's policy (operator 26.x): the operator's webhook checks, and the PhysicalBackup
// it builds on. It has no defaults of its own: the operator sets none (spec.archiveTimeout's 1h is the CRD's,
// applied by the API server).
import { definePolicy } from '../kind-policy.js';
import { POINT_IN_TIME_RECOVERY } from './point-in-time-recovery-kind.js';
import { pitrPhysicalBackupNotFound, pitrStorage } from './point-in-time-recovery-rules.js';
import { pitrImmutable } from './point-in-time-recovery-update-rules.js';

export const pointInTimeRecoveryPolicy = definePolicy({
  ...POINT_IN_TIME_RECOVERY,
  rules: [pitrStorage, pitrImmutable, pitrPhysicalBackupNotFound],
  references: [{ kind: 'PhysicalBackup', group: 'own', why: 'the PhysicalBackup of spec.physicalBackupRef is checked to exist', watched: true }],
});

// The PointInTimeRecovery kind of the mariadb-operator (binary log archiving over a PhysicalBackup; operator 26.x
// only), as its rules and policy name it: the operators' policy group.
import type { KindRef } from '../rule.js';

export const POINT_IN_TIME_RECOVERY: KindRef = { group: 'enterprise.mariadb.com', kind: 'PointInTimeRecovery' };

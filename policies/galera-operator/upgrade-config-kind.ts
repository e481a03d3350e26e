// The UpgradeConfig kind of the Galera operator (sql.databases/v1beta2), as its policy names it
// (schemas/sql.databases/).
import type { KindRef } from '../rule.js';

export const UPGRADE_CONFIG: KindRef = { group: 'sql.databases', kind: 'UpgradeConfig' };

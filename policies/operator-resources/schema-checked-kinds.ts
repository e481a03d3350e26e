// The mariadb-operator's kinds without a policy of their own yet (backups, restores, point-in-time
// recovery; the SQL kinds and ExternalMariaDB have theirs in policies/<kind>/). mdbkit judges them by the operator's schema of the chosen version, with unknown
// fields reported, and resolves their references; their own rules (the operator's webhooks') come next.
import { definePolicy, type KindPolicy } from '../kind-policy.js';
import type { KindRef } from '../rule.js';

const OPERATOR_GROUP = 'enterprise.mariadb.com';

export const SCHEMA_CHECKED_KINDS = ['Backup', 'PhysicalBackup', 'PointInTimeRecovery', 'Restore'] as const;

export function operatorKind(kind: (typeof SCHEMA_CHECKED_KINDS)[number]): KindRef {
  return { group: OPERATOR_GROUP, kind };
}

export const schemaCheckedPolicies: readonly KindPolicy[] = SCHEMA_CHECKED_KINDS.map((kind) => definePolicy({ ...operatorKind(kind), rules: [] }));

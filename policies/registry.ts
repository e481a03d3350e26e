// Every kind policy mdbkit has, and the engine built from them: the one list the linter and the webhook
// share, so both give the same judgement. Adding a kind is one line here (docs/adding-a-kind.md).
import { backupPolicy } from './backup/backup-policy.js';
import { connectionPolicy } from './connection/connection-policy.js';
import { databasePolicy } from './database/database-policy.js';
import { externalMariaDBPolicy } from './external-mariadb/external-mariadb-policy.js';
import { grantPolicy } from './grant/grant-policy.js';
import { sqlJobPolicy } from './sql-job/sql-job-policy.js';
import { userPolicy } from './user/user-policy.js';
import { galeraPolicy } from './galera-operator/galera-policy.js';
import { galeraBackupPolicy } from './galera-operator/galera-backup-policy.js';
import { upgradeConfigPolicy } from './galera-operator/upgrade-config-policy.js';
import { upgradeRulePolicy } from './galera-operator/upgrade-rule-policy.js';
import { kubedbMariaDBPolicy } from './kubedb/kubedb-mariadb-policy.js';
import { placementPolicyPolicy } from './kubedb/placement-policy-policy.js';
import { sliceConfigPolicy } from './kubedb/slice-config-policy.js';
import { mariadbPolicy } from './mariadb/mariadb-policy.js';
import { maxscalePolicy } from './maxscale/maxscale-policy.js';
import { physicalBackupPolicy } from './physical-backup/physical-backup-policy.js';
import { pointInTimeRecoveryPolicy } from './point-in-time-recovery/point-in-time-recovery-policy.js';
import { restorePolicy } from './restore/restore-policy.js';
import type { KindPolicy } from './kind-policy.js';
import { PolicyEngine } from './policy-engine.js';
import { ruleCatalog } from './rule-catalog.js';
import type { Rule } from './rule.js';
import type { RuleSettings } from './rule-settings.js';
import type { SchemaValidator } from './schema-validator.js';

export const KIND_POLICIES: readonly KindPolicy[] = [
  mariadbPolicy,
  maxscalePolicy,
  connectionPolicy,
  databasePolicy,
  userPolicy,
  grantPolicy,
  sqlJobPolicy,
  externalMariaDBPolicy,
  kubedbMariaDBPolicy,
  placementPolicyPolicy,
  sliceConfigPolicy,
  galeraPolicy,
  galeraBackupPolicy,
  upgradeConfigPolicy,
  upgradeRulePolicy,
  backupPolicy,
  restorePolicy,
  physicalBackupPolicy,
  pointInTimeRecoveryPolicy,
];

export function createPolicyEngine(schemas?: SchemaValidator, settings?: RuleSettings): PolicyEngine {
  return new PolicyEngine(KIND_POLICIES, schemas, settings);
}

/** Every rule mdbkit can report. */
export function allRules(): Rule[] {
  return ruleCatalog(KIND_POLICIES);
}

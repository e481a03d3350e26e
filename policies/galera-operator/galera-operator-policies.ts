// The policies of the Galera operator's kinds (sql.databases/v1beta2). Only Galera has documented defaults;
// the other kinds' `default` returns an unchanged clone, so the webhook sends no patch for them.
import { cloneJson } from '../kube-object.js';
import type { KindPolicy } from '../kind-policy.js';
import { galeraBackupFindings } from './galera-backup-rules.js';
import { defaultGalera } from './galera-defaults.js';
import { galeraFindings } from './galera-rules.js';
import { upgradeRuleFindings } from './upgrade-rules.js';

const GROUP = 'sql.databases';

export const galeraPolicy: KindPolicy = {
  group: GROUP,
  kind: 'Galera',
  async default(object) {
    return { object: defaultGalera(object), warnings: [] };
  },
  validate: galeraFindings,
};

export const galeraBackupPolicy: KindPolicy = {
  group: GROUP,
  kind: 'GaleraBackup',
  async default(object) {
    return { object: cloneJson(object), warnings: [] };
  },
  validate: galeraBackupFindings,
};

export const upgradeConfigPolicy: KindPolicy = {
  group: GROUP,
  kind: 'UpgradeConfig',
  async default(object) {
    return { object: cloneJson(object), warnings: [] };
  },
  // Target versions and rule references are the schema's to check.
  async validate() {
    return [];
  },
};

export const upgradeRulePolicy: KindPolicy = {
  group: GROUP,
  kind: 'UpgradeRule',
  async default(object) {
    return { object: cloneJson(object), warnings: [] };
  },
  async validate(object) {
    return upgradeRuleFindings(object);
  },
};

/** The four, in the order of their schema files, for the registry. */
export const GALERA_OPERATOR_POLICIES: readonly KindPolicy[] = [galeraPolicy, galeraBackupPolicy, upgradeConfigPolicy, upgradeRulePolicy];

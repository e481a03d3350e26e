// UpgradeConfig and UpgradeRule: the checks of a cluster's my.cnf the operator makes before an upgrade. Their
// shapes (target versions, option names the operator turns into regular expressions) are the schema's to check;
// the one thing left is an UpgradeRule that says nothing.
// https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/controllers/cluster/galera_upgrade_config_control.go
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import type { JsonObject } from '../object-fields.js';
import { GALERA_RULES } from './galera-rules-catalog.js';

const RULE_KINDS = ['removedOption', 'changedDefaultOption', 'replacedOption'] as const;

export function upgradeRuleFindings(object: KubeObject): FieldError[] {
  const body = object as JsonObject;
  if (RULE_KINDS.some((key) => body[key] !== undefined && body[key] !== null)) return [];
  return [
    GALERA_RULES.upgradeRuleEmpty.at(
      'removedOption',
      'Required value: this UpgradeRule checks nothing: set one of removedOption, changedDefaultOption or replacedOption, or delete it',
    ),
  ];
}

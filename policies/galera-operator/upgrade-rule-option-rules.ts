// What an UpgradeRule checks in a cluster's my.cnf before an upgrade: its shape (option names the operator turns
// into regular expressions) is the schema's to check; the one thing left is an UpgradeRule that says nothing,
// which an UpgradeConfig can list and so make an upgrade look checked when it was not.
// https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/controllers/cluster/galera_upgrade_config_control.go
import type { JsonObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { UPGRADE_RULE } from './upgrade-rule-kind.js';

// An UpgradeRule has no spec: its options sit at the top of the object.
const OPTION_FIELDS = ['removedOption', 'changedDefaultOption', 'replacedOption'] as const;

export const upgradeRuleEmpty = defineRule({
  id: 'galera/upgrade-rule-empty',
  noCelTwin: 'a warning: a CEL rule can only refuse the object, which the operator accepts',
  kinds: [UPGRADE_RULE],
  severity: 'warning',
  reason: 'FieldValueRequired',
  what: 'An UpgradeRule sets none of removedOption, changedDefaultOption and replacedOption.',
  why: 'It checks nothing, so an UpgradeConfig that lists it gives false confidence that the upgrade was checked.',
  fix: 'Set one of removedOption, changedDefaultOption or replacedOption, or delete the UpgradeRule.',
  check({ object, at }) {
    const body = object as JsonObject;
    if (OPTION_FIELDS.some((field) => body[field] !== undefined && body[field] !== null)) return [];
    return [
      at('removedOption', 'Required value: this UpgradeRule checks nothing: set one of removedOption, changedDefaultOption or replacedOption, or delete it'),
    ];
  },
});

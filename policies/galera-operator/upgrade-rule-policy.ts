// The UpgradeRule kind's policy: no defaults (the operator documents none), one rule about an UpgradeRule that
// checks nothing; the rest of its shape is the schema's to check.
import { definePolicy } from '../kind-policy.js';
import { UPGRADE_RULE } from './upgrade-rule-kind.js';
import { upgradeRuleEmpty } from './upgrade-rule-option-rules.js';

export const upgradeRulePolicy = definePolicy({ ...UPGRADE_RULE, rules: [upgradeRuleEmpty] });

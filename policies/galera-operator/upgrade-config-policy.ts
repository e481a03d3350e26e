// The UpgradeConfig kind's policy: no defaults (the operator documents none) and no rules of its own, since its
// target versions and rule references are the schema's to check; the engine still runs that schema check.
import { definePolicy } from '../kind-policy.js';
import { UPGRADE_CONFIG } from './upgrade-config-kind.js';

export const upgradeConfigPolicy = definePolicy({ ...UPGRADE_CONFIG, rules: [] });

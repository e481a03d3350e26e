// Every kind policy mdbkit has, and the engine built from them: the one list the linter and the
// webhook share, so both give the same judgement.
import { connectionPolicy } from './connection/connection-policy.js';
import { GALERA_OPERATOR_POLICIES } from './galera-operator/galera-operator-policies.js';
import { kubedbMariaDBPolicy } from './kubedb/kubedb-mariadb-policy.js';
import { placementPolicyPolicy } from './kubedb/placement-policy-policy.js';
import { sliceConfigPolicy } from './kubedb/slice-config-policy.js';
import { mariadbPolicy } from './mariadb/mariadb-policy.js';
import { maxscalePolicy } from './maxscale/maxscale-policy.js';
import type { KindPolicy } from './kind-policy.js';
import { PolicyEngine } from './policy-engine.js';
import type { SchemaValidator } from './schema-validator.js';

export const KIND_POLICIES: readonly KindPolicy[] = [
  mariadbPolicy,
  maxscalePolicy,
  connectionPolicy,
  kubedbMariaDBPolicy,
  placementPolicyPolicy,
  sliceConfigPolicy,
  ...GALERA_OPERATOR_POLICIES,
];

export function createPolicyEngine(schemas?: SchemaValidator): PolicyEngine {
  return new PolicyEngine(KIND_POLICIES, schemas);
}

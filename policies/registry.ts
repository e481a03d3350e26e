// Every kind policy mdbkit has, and the engine built from them: the one list the linter and the
// webhook share, so both give the same judgement.
import { connectionPolicy } from './connection/connection-policy.js';
import { mariadbPolicy } from './mariadb/mariadb-policy.js';
import { maxscalePolicy } from './maxscale/maxscale-policy.js';
import type { KindPolicy } from './kind-policy.js';
import { PolicyEngine } from './policy-engine.js';
import type { SchemaValidator } from './schema-validator.js';

export const KIND_POLICIES: readonly KindPolicy[] = [mariadbPolicy, maxscalePolicy, connectionPolicy];

export function createPolicyEngine(schemas?: SchemaValidator): PolicyEngine {
  return new PolicyEngine(KIND_POLICIES, schemas);
}

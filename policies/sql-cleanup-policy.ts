// What the operator does with the database object when a Database, User or Grant is deleted: its webhooks accept
// only Skip (keep it) and Delete (drop it, the default), so a typo is refused rather than read as one of them.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/api/v1alpha1/base_types.go (CleanupPolicy.Validate)
import { defineRule, type KindRef, type Rule } from './rule.js';

export const CLEANUP_POLICIES = ['Skip', 'Delete'] as const;

/** The operator's default when spec.cleanupPolicy is unset (pkg/controller/sql/finalizer.go). */
export const DEFAULT_CLEANUP_POLICY = 'Delete';

export function cleanupPolicyRule(area: string, kind: KindRef): Rule {
  return defineRule({
    id: `${area}/cleanup-policy-invalid`,
    kinds: [kind],
    severity: 'error',
    reason: 'FieldValueNotSupported',
    what: 'spec.cleanupPolicy is neither Skip nor Delete.',
    why: `The operator's ${kind.kind} webhook refuses any other value: it would not know whether to drop the ${kind.kind.toLowerCase()} from MariaDB on deletion.`,
    fix: `Set spec.cleanupPolicy to Delete (drop it from MariaDB when the ${kind.kind} is deleted, the default) or Skip (keep it).`,
    check({ spec, at }) {
      const value = spec.cleanupPolicy;
      if (value === undefined || (typeof value === 'string' && (CLEANUP_POLICIES as readonly string[]).includes(value))) return [];
      const hint = typeof value === 'string' ? CLEANUP_POLICIES.find((p) => p.toLowerCase() === value.trim().toLowerCase()) : undefined;
      return [
        at(
          'spec.cleanupPolicy',
          `Unsupported value: ${JSON.stringify(value)}: supported values: "Skip", "Delete"${hint ? ` (did you mean "${hint}"? the value is case-sensitive)` : ''}`,
        ),
      ];
    },
  });
}

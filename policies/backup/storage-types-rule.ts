// BackupStorage.Validate, PhysicalBackupStorage.Validate and PointInTimeRecoveryStorage.Validate of the
// mariadb-operator: spec.storage names exactly one place for the backups, among the kinds the operator version
// knows. Zero leaves the Job nowhere to write; two are refused, as the operator would not know which to use.
import { objectAt } from '../object-fields.js';
import { defineRule, type KindRef, type Rule, type RuleText } from '../rule.js';
import { isSet } from './backup-fields.js';

export interface StorageTypesRuleSpec extends RuleText {
  id: string;
  kinds: readonly KindRef[];
  /** The storage types of spec.storage at an operator version (`undefined` when no version governs). */
  types: (operatorVersion: string | undefined) => readonly string[];
}

function list(names: readonly string[], conjunction: 'and' | 'or'): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

export function storageTypesRule(spec: StorageTypesRuleSpec): Rule {
  const { types, ...text } = spec;
  return defineRule({
    ...text,
    severity: 'error',
    reason: 'FieldValueInvalid',
    check({ spec: objectSpec, ctx, at }) {
      const storage = objectAt(objectSpec, 'storage');
      // A missing spec.storage is the schema's finding (it is required).
      if (!storage) return [];
      const known = types(ctx.operatorVersion);
      const given = known.filter((type) => isSet(storage, type));
      if (given.length === 1) return [];
      if (given.length === 0)
        return [
          at(
            'spec.storage',
            `Required value: set exactly one of ${list(
              known.map((t) => `spec.storage.${t}`),
              'or',
            )}`,
          ),
        ];
      return [at('spec.storage', `Invalid value: spec.storage sets ${list(given, 'and')}: keep exactly one of them (a backup is written to one place)`)];
    },
  });
}

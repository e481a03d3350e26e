// CompressAlgorithm.Validate of the mariadb-operator: a Backup or PhysicalBackup compresses with none, bzip2
// or gzip; any other name is refused by its webhook (the CRD's enum says the same, without the way out).
import { stringAt } from '../object-fields.js';
import { defineRule, type KindRef, type Rule } from '../rule.js';
import { COMPRESSIONS } from './backup-fields.js';

export function compressionRule(id: string, kinds: readonly KindRef[], kindName: string): Rule {
  return defineRule({
    id,
    kinds,
    severity: 'error',
    reason: 'FieldValueNotSupported',
    what: `spec.compression of a ${kindName} is not none, bzip2 or gzip.`,
    why: "The operator's webhook refuses any other algorithm: the backup tool can only compress with these.",
    fix: 'Set spec.compression to gzip (fast), bzip2 (smaller) or none, or leave it unset for none.',
    check({ spec, at }) {
      const compression = stringAt(spec, 'compression');
      if (compression === undefined || compression === '' || (COMPRESSIONS as readonly string[]).includes(compression)) return [];
      return [at('spec.compression', `Unsupported value: ${JSON.stringify(compression)}: supported values: "none", "bzip2", "gzip"; gzip is the fast choice`)];
    },
  });
}

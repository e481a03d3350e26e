// Backup defaults, as the mariadb-operator's Backup.SetDefaults / SetExternalDefaults write them back into the
// object once the database is found: shown at admission instead. spec.ignoreGlobalPriv follows the MariaDB's
// Galera setting, read through spec.mariaDbRef; without an answer it is left to the operator, with a warning.
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { booleanAt, isObject, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { goDurationSeconds } from '../maxscale/maxscale-fields.js';
import { defaultAntiAffinity, defaultBackoffLimit, defaultServiceAccount, THIRTY_DAYS } from './backup-fields.js';
import { backupReferenceUnresolved } from './backup-reference-rules.js';
import { lookupDatabase } from './referenced-database.js';

/** A metav1.Duration the operator reads as zero (unset): it replaces it with its default. */
export function isZeroDuration(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === '0') return true;
  return typeof value === 'string' && goDurationSeconds(value) === 0;
}

/** CompressAlgorithm "" is none to the operator, and is written back as none. */
export function defaultCompression(spec: JsonObject): void {
  if (spec.compression === undefined || spec.compression === '') spec.compression = 'none';
}

export async function defaultBackup(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const spec = object.spec;
  if (!isObject(spec)) return [];
  defaultCompression(spec);
  if (isZeroDuration(spec.maxRetention)) spec.maxRetention = THIRTY_DAYS;
  defaultBackoffLimit(spec);
  defaultServiceAccount(spec, object.metadata?.name);

  const ref = await lookupDatabase(object, ctx, 'by-ref-kind');
  // An ExternalMariaDB gets SetExternalDefaults: no global privileges setting, no anti-affinity to its pods.
  if (!ref || ref.kind !== 'MariaDB') return [];
  defaultAntiAffinity(spec, stringAt(objectAt(spec, 'mariaDbRef'), 'name'));
  if (spec.ignoreGlobalPriv !== undefined && spec.ignoreGlobalPriv !== null) return [];
  if (ref.found === 'unknown') {
    return [
      backupReferenceUnresolved.at(
        'spec.ignoreGlobalPriv',
        `MariaDB ${ref.namespace}/${ref.name} could not be looked up: spec.ignoreGlobalPriv was not defaulted (the operator sets it to whether the MariaDB runs Galera)`,
      ),
    ];
  }
  // A missing MariaDB is backup/mariadb-not-found's finding; the operator defaults nothing until it exists.
  if (ref.found !== undefined) spec.ignoreGlobalPriv = booleanAt(objectAt(ref.found.spec, 'galera'), 'enabled') === true;
  return [];
}

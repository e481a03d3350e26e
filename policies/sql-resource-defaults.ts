// Defaults shared by the operator's SQL kinds (Database, User, Grant): the cleanup policy the operator's
// finalizer assumes when none is set. (spec.mariaDbRef.waitForIt is left to the CRD's own default: mdbkit
// does not write inside a reference the user wrote.)
import { DEFAULT_CLEANUP_POLICY } from './sql-cleanup-policy.js';
import { setDefault, type JsonObject } from './object-fields.js';

export function defaultCleanupPolicy(spec: JsonObject): void {
  setDefault(spec, 'cleanupPolicy', DEFAULT_CLEANUP_POLICY);
}

// Defaults shared by the operator's SQL kinds (Database, User, Grant, SqlJob): the CRD's default for
// spec.mariaDbRef.waitForIt, and the cleanup policy the operator's finalizer assumes when none is set.
import { DEFAULT_CLEANUP_POLICY } from './sql-cleanup-policy.js';
import { isObject, setDefault, type JsonObject } from './object-fields.js';

export function defaultMariaDbRef(spec: JsonObject): void {
  if (isObject(spec.mariaDbRef)) setDefault(spec.mariaDbRef, 'waitForIt', true);
}

export function defaultCleanupPolicy(spec: JsonObject): void {
  setDefault(spec, 'cleanupPolicy', DEFAULT_CLEANUP_POLICY);
}

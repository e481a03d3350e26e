// A `mariaDbRef` of the mariadb-operator names a MariaDB, or (with `kind: ExternalMariaDB`) a database
// server the operator does not run. References are resolved by that kind, so a reference to an
// ExternalMariaDB is never reported as a missing MariaDB.
import { stringAt, type JsonObject } from './object-fields.js';

export type DatabaseKind = 'MariaDB' | 'ExternalMariaDB';

export function referencedDatabaseKind(ref: JsonObject | undefined): DatabaseKind {
  return stringAt(ref, 'kind') === 'ExternalMariaDB' ? 'ExternalMariaDB' : 'MariaDB';
}

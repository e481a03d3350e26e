// The Galera kind of the Galera operator (sql.databases/v1beta2), as its rules and policy name it
// (schemas/sql.databases/).
import type { KindRef } from '../rule.js';

export const GALERA: KindRef = { group: 'sql.databases', kind: 'Galera' };

// What an UPDATE of a Database cannot change: the operator created the database with this name, character set
// and collation in this MariaDB, and its webhook refuses to re-point or rename it.
import { inmutable, taggedImmutableRule } from '../operator-immutable-fields.js';
import { DATABASE } from './database-kind.js';

export const immutable = taggedImmutableRule({
  id: 'database/immutable-field',
  kinds: [DATABASE],
  what: 'An UPDATE that changes spec.mariaDbRef, spec.name, spec.characterSet or spec.collate.',
  why: "The operator's Database webhook refuses it: the database was created with these in that MariaDB.",
  fix: 'Put the old value back, or create a new Database with the new value (ALTER DATABASE by hand for a character set).',
  fields: [
    inmutable('spec.mariaDbRef', 'create a Database in the other MariaDB instead'),
    inmutable('spec.name', 'create a new Database with the other name and move the data'),
    inmutable('spec.characterSet', 'create a new Database, or run ALTER DATABASE yourself'),
    inmutable('spec.collate', 'create a new Database, or run ALTER DATABASE yourself'),
  ],
});

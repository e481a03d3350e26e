// What an UPDATE of a User cannot change: the account 'name'@'host' was created in this MariaDB, and the
// operator's User webhook refuses to re-point or rename it.
import { inmutable, taggedImmutableRule } from '../operator-immutable-fields.js';
import { USER } from './user-kind.js';

export const immutable = taggedImmutableRule({
  id: 'user/immutable-field',
  kinds: [USER],
  what: 'An UPDATE that changes spec.mariaDbRef, spec.name or spec.host.',
  why: "The operator's User webhook refuses it: the account 'name'@'host' was created with these in that MariaDB.",
  fix: 'Put the old value back, or create a new User (and its Grants) with the new value and delete the old one.',
  fields: [
    inmutable('spec.mariaDbRef', 'create a User in the other MariaDB instead'),
    inmutable('spec.name', "create a new User with the other name: it is another account ('name'@'host')"),
    inmutable('spec.host', "create a new User with the other host: it is another account ('name'@'host')"),
  ],
});

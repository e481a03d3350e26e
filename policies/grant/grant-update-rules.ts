// What an UPDATE of a Grant cannot change: which account, database, table and option it grants on, in which
// MariaDB; the operator's Grant webhook refuses it (only spec.privileges may change, and are re-granted).
import { inmutable, taggedImmutableRule } from '../operator-immutable-fields.js';
import { GRANT } from './grant-kind.js';

const HOW = 'create a new Grant with the new value and delete this one';

export const immutable = taggedImmutableRule({
  id: 'grant/immutable-field',
  kinds: [GRANT],
  what: 'An UPDATE that changes spec.mariaDbRef, spec.username, spec.host, spec.database, spec.table or spec.grantOption.',
  why: "The operator's Grant webhook refuses it: a Grant is one GRANT statement; only spec.privileges may change.",
  fix: 'Put the old value back, or create a new Grant with the new value and delete the old one.',
  fields: [
    inmutable('spec.mariaDbRef', 'create a Grant in the other MariaDB instead'),
    inmutable('spec.username', HOW),
    inmutable('spec.host', HOW),
    inmutable('spec.database', HOW),
    inmutable('spec.table', HOW),
    inmutable('spec.grantOption', HOW),
  ],
});

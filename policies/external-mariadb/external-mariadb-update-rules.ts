// What an UPDATE of an ExternalMariaDB should not change: the operator tags spec.connection (and, in 25.10,
// spec.imagePullSecrets) immutable, as the Connection it publishes was built from it. The operator has no
// ExternalMariaDB webhook to enforce the tags, so without this the change is accepted and silently not applied.
import { inmutable, taggedImmutableRule } from '../operator-immutable-fields.js';
import { EXTERNAL_MARIADB } from './external-mariadb-kind.js';

export const immutable = taggedImmutableRule({
  id: 'externalmariadb/immutable-field',
  kinds: [EXTERNAL_MARIADB],
  what: 'An UPDATE that changes spec.connection (or, with operator 25.10, spec.imagePullSecrets).',
  why: 'The operator tags these immutable: the Connection it created from spec.connection is not rebuilt.',
  fix: 'Put the old value back, or create a Connection of your own with the settings you need.',
  fields: [
    inmutable('spec.connection', 'create a separate Connection with the new settings (kind: Connection, mariaDbRef.kind: ExternalMariaDB)'),
    inmutable('spec.imagePullSecrets', 'create a new ExternalMariaDB with the other pull Secrets (operator 25.10 keeps them fixed)', ['25.10']),
  ],
});

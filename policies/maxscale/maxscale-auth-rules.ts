// Who creates MaxScale's database users: the operator, in a referenced MariaDB, or the user, by hand.
import { booleanAt, numberAt, objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { MAXSCALE } from './maxscale-kind.js';

export const generateWithoutRef = defineRule({
  id: 'maxscale/auth-generate-requires-mariadbref',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.auth.generate: true without spec.mariaDbRef.',
  why: 'Users and grants are generated in the referenced MariaDB; external servers have no MariaDB resource to create them in.',
  fix: 'Set spec.auth.generate: false and give every user and password secret, or set spec.mariaDbRef.',
  check({ spec, at }) {
    if (booleanAt(objectAt(spec, 'auth'), 'generate') !== true || objectAt(spec, 'mariaDbRef') !== undefined) return [];
    return [
      at(
        'spec.auth.generate',
        'Forbidden: users can only be generated in a MariaDB given by spec.mariaDbRef; set it, or set generate: false and provide every user',
      ),
    ];
  },
});

export const credentialsRequired = defineRule({
  id: 'maxscale/auth-credentials-required',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'spec.auth.generate: false without a username and password secret for every MaxScale user.',
  why: 'Nothing creates the missing credentials, so MaxScale cannot log in to the servers and never becomes ready.',
  fix: 'Give clientUsername/clientPasswordSecretKeyRef, serverUsername/..., monitorUsername/... (and sync... when replicas > 1), or let them be generated.',
  check({ spec, at }) {
    const auth = objectAt(spec, 'auth');
    if (booleanAt(auth, 'generate') !== false) return [];
    // The sync user exists only with more than one replica (config sync).
    const users = (numberAt(spec, 'replicas') ?? 1) > 1 ? ['client', 'server', 'monitor', 'sync'] : ['client', 'server', 'monitor'];
    return users.flatMap((user) =>
      [`${user}Username`, `${user}PasswordSecretKeyRef`]
        .filter((field) => auth?.[field] === undefined)
        .map((field) => at(`spec.auth.${field}`, `Required value: with spec.auth.generate false nothing creates the ${user} credentials; provide them`)),
    );
  },
});

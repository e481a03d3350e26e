// Who creates MaxScale's database users: the operator, in a referenced MariaDB, or the user, by hand. The seed
// ("Server configuration"): without spec.mariaDbRef the operator cannot autogenerate the credentials, so the
// user provides them.
import { arrayAt, booleanAt, isObject, numberAt, objectAt, stringAt } from '../object-fields.js';
import { jsonEqual } from '../immutable-fields.js';
import { defineRule } from '../rule.js';
import { generatedSecretRef, maxscaleUsers } from './maxscale-defaults.js';
import { entries } from './maxscale-fields.js';
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

/**
 * Whether a credential field holds only what the defaults put there: nothing, or the `<maxscale>-<user>` name
 * and generated Secret the operator would create (rules see the defaulted object).
 */
function notGiven(value: unknown, generated: unknown): boolean {
  return value === undefined || value === null || (generated !== undefined && jsonEqual(value, generated));
}

export const credentialsRequired = defineRule({
  id: 'maxscale/auth-credentials-required',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'spec.servers without spec.mariaDbRef, and a database user of MaxScale (client, server, monitor; sync with more than one replica) whose password Secret is not given in spec.auth.',
  why: 'Without a MariaDB resource the operator cannot create the users in the servers: it names generated ones that do not exist there, so MaxScale cannot log in and never becomes ready.',
  fix: 'Create the users in the servers and set spec.auth.<user>Username and spec.auth.<user>PasswordSecretKeyRef for each (see the seed\'s "Authentication" section).',
  check({ object, spec, at }) {
    if (objectAt(spec, 'mariaDbRef') !== undefined || entries(arrayAt(spec, 'servers')).length === 0) return [];
    const auth = objectAt(spec, 'auth');
    const name = stringAt(object.metadata, 'name');
    return maxscaleUsers(numberAt(spec, 'replicas') ?? 1).flatMap((user) => {
      const field = (key: string): unknown => (isObject(auth) ? auth[key] : undefined);
      // A generated password cannot be the one of a user that exists in the servers: the credentials are
      // missing. A username alone may rightly be the generated name (the operator's own example writes it out).
      if (!notGiven(field(`${user}PasswordSecretKeyRef`), name === undefined ? undefined : generatedSecretRef(`${name}-${user}`))) return [];
      const missing = [
        ...(notGiven(field(`${user}Username`), name === undefined ? undefined : `${name}-${user}`) ? [`spec.auth.${user}Username`] : []),
        `spec.auth.${user}PasswordSecretKeyRef`,
      ];
      return missing.map((path) =>
        at(
          path,
          `Required value: without spec.mariaDbRef the operator cannot create the ${user} user in the servers; create it there and set ${missing.join(' and ')}`,
        ),
      );
    });
  },
});

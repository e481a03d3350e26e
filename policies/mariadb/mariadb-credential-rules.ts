// How the MariaDB's passwords are given: root either has a password Secret or is meant to have none, and
// no password sits as a literal in the env of any container of the MariaDB pods (policies/plaintext-secrets.ts).
import { valueAtPath } from '../immutable-fields.js';
import { arrayAt, isObject } from '../object-fields.js';
import { plaintextPasswordFindings } from '../plaintext-secrets.js';
import { defineRule } from '../rule.js';
import { MARIADB } from './mariadb-kind.js';

/** The env lists that reach the MariaDB pods, besides those of initContainers and sidecarContainers. */
const ENV_PATHS = ['spec.env', 'spec.galera.agent.env', 'spec.galera.initContainer.env', 'spec.replication.agent.env', 'spec.replication.initContainer.env'];

export const rootEmptyPasswordWithSecret = defineRule({
  id: 'mariadb/root-empty-password-with-secret',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.rootEmptyPassword is true while spec.rootPasswordSecretKeyRef is set.',
  why: 'The two contradict each other; the operator rejects the resource rather than guess whether root has a password.',
  fix: 'Remove spec.rootEmptyPassword (recommended) or spec.rootPasswordSecretKeyRef.',
  check({ spec, at }) {
    // An empty reference is no reference to the operator (it compares with the zero value).
    const ref = spec.rootPasswordSecretKeyRef;
    if (spec.rootEmptyPassword !== true || ref === undefined || ref === null || (isObject(ref) && Object.keys(ref).length === 0)) return [];
    return [
      at(
        'spec.rootEmptyPassword',
        'Forbidden: spec.rootEmptyPassword: true contradicts spec.rootPasswordSecretKeyRef: remove spec.rootEmptyPassword to keep the root password, or remove spec.rootPasswordSecretKeyRef',
      ),
    ];
  },
});

export const plaintextPassword = defineRule({
  id: 'mariadb/plaintext-password',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'An env variable of the MariaDB pods holds a password as a literal value.',
  why: 'Anyone who can read the MariaDB, its StatefulSet or its pods (or the Git repository it comes from) can read the password.',
  fix: 'Store the password in a Secret and reference it with valueFrom.secretKeyRef.',
  noCelTwin:
    'it reads each variable name word by word and looks for user:password@ inside values; over unbounded env lists of every container that exceeds what a CEL rule may cost',
  check({ object, spec, at }) {
    const containerFindings = ['initContainers', 'sidecarContainers'].flatMap((list) =>
      (arrayAt(spec, list) ?? []).flatMap((container, i) =>
        isObject(container) ? plaintextPasswordFindings(container.env, `spec.${list}[${i}].env`, { at }) : [],
      ),
    );
    return [...ENV_PATHS.flatMap((path) => plaintextPasswordFindings(valueAtPath(object, path), path, { at })), ...containerFindings];
  },
});

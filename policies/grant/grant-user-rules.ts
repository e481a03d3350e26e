// The account a Grant is for: GRANT on 'username'@'host' fails in MariaDB when no such account exists, and the
// operator retries until it does. The usual way to make the account is a User of the same name, in the same
// MariaDB and with the same host; this finds it by name (a User renamed with spec.name, or an account made
// another way, cannot be found by name, so this is a warning). A cluster that could not be asked is not judged.
import type { FieldError } from '../field-error.js';
import { referencedDatabaseKind } from '../database-ref.js';
import { objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { GRANT } from './grant-kind.js';

/** The host an account is for: '%' when unset, as the operator reads it. */
const hostOf = (spec: unknown) => stringAt(spec, 'host') || '%';

function mariadbOf(spec: unknown, namespace: string): string {
  const ref = objectAt(spec, 'mariaDbRef');
  return `${referencedDatabaseKind(ref)} ${stringAt(ref, 'namespace') ?? namespace}/${stringAt(ref, 'name') ?? ''}`;
}

export const userNotFound = defineRule({
  id: 'grant/user-not-found',
  kinds: [GRANT],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: "No User named spec.username exists in the Grant's namespace, or it is for another MariaDB or host.",
  why: "GRANT fails in MariaDB while the account 'username'@'host' does not exist: the Grant stays not ready.",
  fix: 'Create a User named like spec.username, in the same MariaDB and with the same host; ignore this if the account is made another way.',
  noCelTwin: 'looks the User up in the cluster',
  async check({ object, spec, ctx, at }) {
    const username = stringAt(spec, 'username');
    if (username === undefined || username === '') return { skipped: 'no spec.username' };
    const namespace = object.metadata?.namespace ?? ctx.namespace;
    const user = await ctx.reader.get({ kind: 'User', namespace, name: username, group: ctx.group });
    if (user === 'unknown') return { skipped: `User ${namespace}/${username} could not be looked up` };
    if (user === undefined) {
      return [
        at(
          'spec.username',
          `Not found: no User "${username}" in namespace "${namespace}": GRANT fails until the account '${username}'@'${hostOf(spec)}' exists; create the User, or ignore this if the account is made another way`,
        ),
      ];
    }
    const findings: FieldError[] = [];
    const accountName = stringAt(user.spec, 'name') || username;
    if (accountName !== username) {
      findings.push(
        at(
          'spec.username',
          `Invalid value: "${username}": User ${username} creates the account "${accountName}" (its spec.name): set spec.username to "${accountName}"`,
        ),
      );
    }
    const [grantDb, userDb] = [mariadbOf(spec, namespace), mariadbOf(user.spec, namespace)];
    if (grantDb !== userDb) {
      findings.push(
        at('spec.mariaDbRef', `Invalid value: the Grant is for ${grantDb}, but User ${username} is created in ${userDb}: point both at the same MariaDB`),
      );
    }
    if (hostOf(spec) !== hostOf(user.spec)) {
      findings.push(
        at(
          'spec.host',
          `Invalid value: "${hostOf(spec)}": User ${username} is the account '${accountName}'@'${hostOf(user.spec)}': set spec.host to "${hostOf(user.spec)}" (an unset host is '%')`,
        ),
      );
    }
    return findings;
  },
});

// spec.require is MariaDB's REQUIRE clause, which takes SSL, X509, or ISSUER/SUBJECT, one of them: the operator's
// User webhook (TLSRequirements.Validate) refuses none and more than one.
// https://mariadb.com/kb/en/securing-connections-for-client-and-server/#requiring-tls
import { isObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { USER } from './user-kind.js';

const nonEmpty = (value: unknown) => typeof value === 'string' && value !== '';

export const tlsRequirementsInvalid = defineRule({
  id: 'user/tls-requirements-invalid',
  kinds: [USER],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.require sets none, or more than one, of ssl, x509 and issuer/subject.',
  why: "MariaDB's REQUIRE takes one of them; the operator's User webhook refuses the User.",
  fix: 'Set exactly one of spec.require.ssl: true, spec.require.x509: true, or spec.require.issuer and/or spec.require.subject; or remove spec.require.',
  check({ spec, at }) {
    const require = spec.require;
    if (!isObject(require)) return [];
    const chosen = [
      require.ssl === true ? 'ssl' : undefined,
      require.x509 === true ? 'x509' : undefined,
      nonEmpty(require.issuer) || nonEmpty(require.subject) ? 'issuer/subject' : undefined,
    ].filter((c) => c !== undefined);
    if (chosen.length === 1) return [];
    if (chosen.length === 0) {
      return [
        at(
          'spec.require',
          'Invalid value: spec.require sets none of ssl, x509, issuer and subject: set one (ssl: true to require TLS), or remove spec.require',
        ),
      ];
    }
    return [
      at(
        'spec.require',
        `Invalid value: spec.require sets ${chosen.join(' and ')}: MariaDB's REQUIRE takes one of ssl, x509 and issuer/subject; keep one (x509 already implies ssl)`,
      ),
    ];
  },
});

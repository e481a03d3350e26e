// The operators take each TLS certificate either from a Secret (with the Secret of the CA that signed it) or
// from a cert-manager issuer, per part (`admin`, `listener`, `server`, ...): `spec.tls.<part>CertSecretRef`,
// `<part>CASecretRef`, `<part>CertIssuerRef`. The MariaDB operator judges them only while spec.tls.enabled is
// true (a disabled TLS issues and mounts nothing), so a kind can ask for the same (`whenEnabled`).
import type { FieldError } from './field-error.js';
import { objectAt } from './object-fields.js';
import { defineRule, type KindRef, type Rule } from './rule.js';

export interface TlsRuleOptions {
  /** Judge the certificates only while `spec.tls.enabled` is true, as the operator does for this kind. */
  whenEnabled?: boolean;
}

function eachPart(
  spec: Record<string, unknown>,
  parts: readonly string[],
  options: TlsRuleOptions,
  finding: (tls: Record<string, unknown>, part: string) => FieldError | undefined,
): FieldError[] {
  const tls = objectAt(spec, 'tls');
  if (!tls || (options.whenEnabled === true && tls.enabled !== true)) return [];
  return parts.flatMap((part) => finding(tls, part) ?? []);
}

export function tlsCertWithoutCaRule(area: string, kinds: readonly KindRef[], parts: readonly string[], options: TlsRuleOptions = {}): Rule {
  return defineRule({
    id: `${area}/tls-cert-without-ca`,
    kinds,
    severity: 'error',
    reason: 'FieldValueRequired',
    what: 'A TLS certificate Secret without the Secret of the CA that signed it.',
    why: 'Clients and the operator cannot verify the certificate, so TLS connections fail.',
    fix: 'Set the matching ...CASecretRef, or let cert-manager issue both with ...CertIssuerRef.',
    check: ({ spec, at }) =>
      eachPart(spec, parts, options, (tls, part) =>
        tls[`${part}CertSecretRef`] !== undefined && tls[`${part}CASecretRef`] === undefined
          ? at(`spec.tls.${part}CASecretRef`, `Required value: spec.tls.${part}CertSecretRef is set, so the CA that signed it must be given too`)
          : undefined,
      ),
  });
}

export function tlsCertAndIssuerRule(area: string, kinds: readonly KindRef[], parts: readonly string[], options: TlsRuleOptions = {}): Rule {
  return defineRule({
    id: `${area}/tls-cert-and-issuer`,
    kinds,
    severity: 'error',
    reason: 'FieldValueForbidden',
    what: 'A TLS certificate given both as a Secret and as a cert-manager issuer.',
    why: 'The two sources fight over the same certificate.',
    fix: 'Keep either ...CertSecretRef or ...CertIssuerRef.',
    check: ({ spec, at }) =>
      eachPart(spec, parts, options, (tls, part) =>
        tls[`${part}CertSecretRef`] !== undefined && tls[`${part}CertIssuerRef`] !== undefined
          ? at(`spec.tls.${part}CertIssuerRef`, `Forbidden: spec.tls.${part}CertSecretRef is set too; keep either the Secret or the issuer`)
          : undefined,
      ),
  });
}

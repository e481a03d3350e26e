// MaxScale's TLS certificates (admin API, listeners, connections to the servers) are judged as the operator
// judges them: only while spec.tls.enabled is true; a disabled block is not read, so its references do not matter.
import { objectAt } from '../object-fields.js';
import { defineRule, type Rule } from '../rule.js';
import { tlsCertAndIssuerRule, tlsCertWithoutCaRule } from '../tls-certificate-rules.js';
import { MAXSCALE } from './maxscale-kind.js';

const TLS_PARTS = ['admin', 'listener', 'server'];

function whileEnabled(rule: Rule): Rule {
  const { at: _at, on: _on, check, ...spec } = rule;
  return defineRule({
    ...spec,
    check: (input) => (objectAt(input.spec, 'tls')?.enabled === true ? check!(input) : []),
  });
}

export const tlsCertWithoutCa = whileEnabled(tlsCertWithoutCaRule('maxscale', [MAXSCALE], TLS_PARTS));
export const tlsCertAndIssuer = whileEnabled(tlsCertAndIssuerRule('maxscale', [MAXSCALE], TLS_PARTS));

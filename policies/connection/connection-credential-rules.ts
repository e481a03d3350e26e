// A Connection must be able to authenticate: the operator's Connection webhook rejects one with neither a
// password nor a client certificate, and applications would get no Secret.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/connection_webhook.go
import { isObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { CONNECTION } from './connection-kind.js';

export const credentialsRequired = defineRule({
  id: 'connection/credentials-required',
  kinds: [CONNECTION],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'Neither spec.passwordSecretKeyRef nor spec.tlsClientCertSecretRef is set.',
  why: 'The connection has no way to authenticate; the operator rejects it and applications get no Secret.',
  fix: "Set spec.passwordSecretKeyRef to the Secret key holding the user's password, or spec.tlsClientCertSecretRef for a client certificate.",
  check({ object, spec, at }) {
    // A missing or mistyped spec is the schema's finding.
    if (!isObject(object.spec) || spec.passwordSecretKeyRef !== undefined || spec.tlsClientCertSecretRef !== undefined) return [];
    return [
      at(
        'spec.passwordSecretKeyRef',
        'Required value: set spec.passwordSecretKeyRef (the Secret key with the password of spec.username) or spec.tlsClientCertSecretRef (a client certificate)',
      ),
    ];
  },
});

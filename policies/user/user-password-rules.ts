// How a User authenticates: the operator's User webhook accepts one way (a password, a password hash, or an
// authentication plugin), and plugin arguments only with a plugin. With none the account is locked, which the
// operator allows. https://mariadb.com/kb/en/create-user/#identified-by-password
import { objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { USER } from './user-kind.js';

const METHODS = [
  { path: 'spec.passwordSecretKeyRef', set: (spec: Record<string, unknown>) => spec.passwordSecretKeyRef !== undefined },
  { path: 'spec.passwordHashSecretKeyRef', set: (spec: Record<string, unknown>) => spec.passwordHashSecretKeyRef !== undefined },
  {
    path: 'spec.passwordPlugin.pluginNameSecretKeyRef',
    set: (spec: Record<string, unknown>) => objectAt(spec, 'passwordPlugin')?.pluginNameSecretKeyRef !== undefined,
  },
];

export const passwordMethodsExclusive = defineRule({
  id: 'user/password-methods-exclusive',
  kinds: [USER],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'More than one of spec.passwordSecretKeyRef, spec.passwordHashSecretKeyRef and spec.passwordPlugin.pluginNameSecretKeyRef is set.',
  why: "A MariaDB account is identified one way; the operator's User webhook refuses the User rather than pick one.",
  fix: 'Keep one: a password, a password hash, or an authentication plugin.',
  check({ spec, at }) {
    const set = METHODS.filter((m) => m.set(spec)).map((m) => m.path);
    if (set.length < 2) return [];
    return [
      at(
        set[set.length - 1]!,
        `Forbidden: ${set.join(' and ')} are ${set.length === 2 ? 'both' : 'all'} set: a user is identified one way; keep one of a password, a password hash or an authentication plugin`,
      ),
    ];
  },
});

export const pluginArgWithoutName = defineRule({
  id: 'user/plugin-arg-without-name',
  kinds: [USER],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.passwordPlugin.pluginArgSecretKeyRef is set without spec.passwordPlugin.pluginNameSecretKeyRef.',
  why: "Plugin arguments mean nothing without the plugin; the operator's User webhook refuses the User.",
  fix: 'Set spec.passwordPlugin.pluginNameSecretKeyRef to the Secret key naming the plugin, or remove pluginArgSecretKeyRef.',
  check({ spec, at }) {
    const plugin = objectAt(spec, 'passwordPlugin');
    if (plugin?.pluginArgSecretKeyRef === undefined || plugin.pluginNameSecretKeyRef !== undefined) return [];
    return [
      at(
        'spec.passwordPlugin.pluginArgSecretKeyRef',
        'Forbidden: spec.passwordPlugin.pluginArgSecretKeyRef needs spec.passwordPlugin.pluginNameSecretKeyRef: set the Secret key naming the plugin (e.g. ed25519), or remove the arguments',
      ),
    ];
  },
});

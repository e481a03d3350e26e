// What an UPDATE of a MaxScale cannot change: the fields the operator tags `webhook:"inmutable"` (never changes)
// or `webhook:"inmutableinit"` (set once, then fixed), compared as its immutable-field webhook compares them
// (policies/immutable-fields.ts: list items position by position, a field inside an optional object only while
// that object exists before and after the update). MaxScale cannot re-point a live monitor or re-route a live
// service, and the users, Secrets and ServiceAccount are created once.
import { inmutable, inmutableInit, taggedImmutableRule } from '../operator-immutable-fields.js';
import { MAXSCALE } from './maxscale-kind.js';

const TEXT = {
  id: 'maxscale/immutable-field',
  what: 'An update changes a MaxScale field the operator refuses to change (its references, monitor module, service routers and ports, users and ServiceAccount).',
  why: 'The operator refuses the update; MaxScale cannot apply these changes to a live object, so it would be left out of step with its spec.',
  fix: 'Put the old value back; the message says how to make the change another way.',
};

const NEW_MAXSCALE = 'create a new MaxScale with the new value and move clients to it';
const USER_ONCE = 'the operator creates this user once; create a new MaxScale to use another';
const CONNECTIONS_ONCE = 'the operator creates the user with this connection limit once; create a new MaxScale to use another';
const NEW_SERVICE = 'add a new service with the new value (and its own name and port) and remove this one';
const POD_ONCE = "the operator sets it on the MaxScale's pods once; create a new MaxScale with the new value";

export const immutable = taggedImmutableRule({
  ...TEXT,
  kinds: [MAXSCALE],
  fields: [
    inmutable('spec.mariaDbRef', NEW_MAXSCALE),
    inmutableInit('spec.monitor.module', `MaxScale cannot switch a live monitor's module; ${NEW_MAXSCALE}`),
    inmutableInit('spec.auth.generate', 'the operator decides once whether it generates the users; create a new MaxScale'),
    inmutableInit('spec.auth.adminUsername', USER_ONCE),
    inmutableInit('spec.auth.adminPasswordSecretKeyRef', 'the admin password is set once; change the password in that Secret instead'),
    inmutableInit('spec.auth.deleteDefaultAdmin', 'the default admin is deleted (or kept) once, when MaxScale is set up'),
    inmutableInit('spec.auth.metricsUsername', USER_ONCE),
    inmutableInit('spec.auth.clientUsername', USER_ONCE),
    inmutableInit('spec.auth.clientMaxConnections', CONNECTIONS_ONCE),
    inmutableInit('spec.auth.serverUsername', USER_ONCE),
    inmutableInit('spec.auth.serverMaxConnections', CONNECTIONS_ONCE),
    inmutableInit('spec.auth.monitorUsername', USER_ONCE),
    inmutableInit('spec.auth.monitorMaxConnections', CONNECTIONS_ONCE),
    inmutableInit('spec.auth.syncUsername', USER_ONCE),
    inmutableInit('spec.auth.syncMaxConnections', CONNECTIONS_ONCE),
    inmutableInit('spec.serviceAccountName', POD_ONCE),
    inmutable('spec.priorityClassName', POD_ONCE),
    inmutable('spec.services[*].router', NEW_SERVICE),
    inmutable('spec.services[*].listener.port', NEW_SERVICE),
    inmutable('spec.affinity.antiAffinityEnabled', POD_ONCE),
    inmutableInit('spec.connection.secretName', 'the operator creates the Connection once; edit the Connection it made, or create another'),
    inmutable('spec.metrics.exporter.priorityClassName', POD_ONCE),
    inmutable('spec.metrics.exporter.affinity.antiAffinityEnabled', POD_ONCE),
    // Only the 25.10 operator tags these (26.6 lets them change).
    inmutable('spec.imagePullSecrets', POD_ONCE, ['25.10']),
    inmutable('spec.volumeMounts', POD_ONCE, ['25.10']),
    inmutable('spec.metrics.exporter.imagePullSecrets', POD_ONCE, ['25.10']),
  ],
});

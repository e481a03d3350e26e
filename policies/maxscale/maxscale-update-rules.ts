// What an UPDATE of a MaxScale cannot change: the fields the operator tags `webhook:"inmutable"` (never changes)
// or `webhook:"inmutableinit"` (set once, then fixed), as its immutable-field webhook reads them
// (pkg/webhook/inmutable_webhook.go): list items are compared position by position, and a field inside an
// optional object only while that object exists before and after the update. MaxScale cannot re-point a live
// monitor or re-route a live service, and the users, Secrets and ServiceAccount are created once.
import { immutableFieldsRule, type ImmutableField } from '../immutable-fields.js';
import { arrayAt, isObject, objectAt } from '../object-fields.js';
import { defineRule, type RuleInput } from '../rule.js';
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

// Unset compares as null for `inmutable` fields (setting one that was unset is a change too); `inmutableinit`
// fields have no `unset`: giving one that was unset is allowed, changing or removing it afterwards is not.
const inmutable = (path: string, how: string): ImmutableField => ({ path, how, unset: null });
const inmutableInit = (path: string, how: string): ImmutableField => ({ path, how });

const TOP_LEVEL: readonly ImmutableField[] = [
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
];

/** Only the 25.10 operator tags these (26.6 lets them change). */
const OPERATOR_25_10: readonly ImmutableField[] = [inmutable('spec.imagePullSecrets', POD_ONCE), inmutable('spec.volumeMounts', POD_ONCE)];

/** Fields inside optional objects: `[object path, field]`; compared only while the object exists on both sides. */
const NESTED: ReadonlyArray<readonly [string, ImmutableField]> = [
  ['spec.affinity', inmutable('spec.affinity.antiAffinityEnabled', POD_ONCE)],
  ['spec.connection', inmutableInit('spec.connection.secretName', 'the operator creates the Connection once; edit the Connection it made, or create another')],
  ['spec.metrics.exporter', inmutable('spec.metrics.exporter.priorityClassName', POD_ONCE)],
  ['spec.metrics.exporter.affinity', inmutable('spec.metrics.exporter.affinity.antiAffinityEnabled', POD_ONCE)],
];
const NESTED_25_10: ReadonlyArray<readonly [string, ImmutableField]> = [
  ['spec.metrics.exporter', inmutable('spec.metrics.exporter.imagePullSecrets', POD_ONCE)],
];

/** What the catalog lists: every field, services by `[*]`. */
const CATALOG: readonly ImmutableField[] = [
  ...TOP_LEVEL,
  inmutable('spec.services[*].router', NEW_SERVICE),
  inmutable('spec.services[*].listener.port', NEW_SERVICE),
  ...NESTED.map(([, field]) => field),
  ...OPERATOR_25_10.map((f) => ({ ...f, how: `${f.how} (operator 25.10 only)` })),
  ...NESTED_25_10.map(([, f]) => ({ ...f, how: `${f.how} (operator 25.10 only)` })),
];

function objectAtPath(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
}

/** The fields this update is judged on: services by position up to the shorter list, nested ones where both sides have their object. */
function fieldsOf(object: unknown, old: unknown, operatorVersion: string | undefined): ImmutableField[] {
  const v25 = operatorVersion === '25.10';
  const nested = [...NESTED, ...(v25 ? NESTED_25_10 : [])].filter(([parent]) => isObject(objectAtPath(object, parent)) && isObject(objectAtPath(old, parent)));
  const services = Math.min(arrayAt(objectAt(object, 'spec'), 'services')?.length ?? 0, arrayAt(objectAt(old, 'spec'), 'services')?.length ?? 0);
  const perService = Array.from({ length: services }, (_, i) => [
    inmutable(`spec.services[${i}].router`, NEW_SERVICE),
    inmutable(`spec.services[${i}].listener.port`, NEW_SERVICE),
  ]).flat();
  return [...TOP_LEVEL, ...(v25 ? OPERATOR_25_10 : []), ...perService, ...nested.map(([, field]) => field)];
}

export const immutable = defineRule({
  ...TEXT,
  kinds: [MAXSCALE],
  on: ['UPDATE'],
  severity: 'error',
  reason: 'FieldValueForbidden',
  immutableFields: CATALOG,
  noCelTwin: 'compares the update with the stored object',
  check(input: RuleInput) {
    // The list of fields depends on the two objects (services by position): the shared immutable-fields rule judges them.
    const fields = fieldsOf(input.object, input.ctx.oldObject, input.ctx.operatorVersion);
    return immutableFieldsRule({ ...TEXT, kinds: [MAXSCALE], fields }).check!(input);
  },
});

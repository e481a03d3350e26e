// MaxScale's services and their listeners: unique names, one listener per port, none on the admin port.
import { arrayAt, numberAt, objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { DEFAULT_ADMIN_PORT, duplicates, entries } from './maxscale-fields.js';
import { MAXSCALE } from './maxscale-kind.js';

export const duplicateServiceName = defineRule({
  id: 'maxscale/duplicate-service-name',
  noCelTwin: 'uniqueness needs a loop over the services inside a loop over them, too costly for an unbounded list in CEL',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueDuplicate',
  what: 'Two services with the same name.',
  why: 'MaxScale object names are unique: the second service fails to be created.',
  fix: 'Give every service its own name.',
  check({ spec, at }) {
    return duplicates(
      entries(arrayAt(spec, 'services')),
      (s) => stringAt(s, 'name'),
      (i, v, first) => at(`spec.services[${i}].name`, `Duplicate value: "${v}": spec.services[${first}] has the same name; give each service its own`),
    );
  },
});

export const duplicateListenerPort = defineRule({
  id: 'maxscale/duplicate-listener-port',
  noCelTwin: 'uniqueness needs a loop over the services inside a loop over them, too costly for an unbounded list in CEL',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueDuplicate',
  what: 'Two listeners on the same port.',
  why: 'Only one listener can bind a port, and the Kubernetes Service cannot expose both.',
  fix: 'Give every service listener its own port.',
  check({ spec, at }) {
    return duplicates(
      entries(arrayAt(spec, 'services')),
      (s) => numberAt(objectAt(s, 'listener'), 'port')?.toString(),
      (i, v, first) => at(`spec.services[${i}].listener.port`, `Duplicate value: ${v}: spec.services[${first}] already listens on it; choose another port`),
    );
  },
});

export const listenerAdminPort = defineRule({
  id: 'maxscale/listener-port-is-admin-port',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueDuplicate',
  what: 'A listener on the admin (REST API and GUI) port.',
  why: 'The admin API already binds that port: the listener cannot start.',
  fix: 'Move the listener to another port, or spec.admin.port elsewhere.',
  noCelTwin:
    "it compares every listener with a port outside the list (spec.admin.port, spec.connection.port), and spec.services has no maxItems: the API server prices the walk at a million items, over a rule's cost budget",
  check({ spec, at }) {
    const adminPort = numberAt(objectAt(spec, 'admin'), 'port') ?? DEFAULT_ADMIN_PORT;
    return entries(arrayAt(spec, 'services'))
      .filter(([, service]) => numberAt(objectAt(service, 'listener'), 'port') === adminPort)
      .map(([i]) =>
        at(
          `spec.services[${i}].listener.port`,
          `Invalid value: ${adminPort}: the admin API and GUI listen on spec.admin.port ${adminPort}; choose another listener port`,
        ),
      );
  },
});

export const connectionPortNotListener = defineRule({
  id: 'maxscale/connection-port-not-a-listener',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueNotFound',
  what: "spec.connection.port is not the port of any service's listener.",
  why: 'The Connection the operator creates for the MaxScale points at the MaxScale Service on that port, where nothing listens: every client using it fails to connect.',
  fix: "Set spec.connection.port to the listener port of the MaxScale service clients should use (spec.services[].listener.port), or remove it to use the first service's.",
  noCelTwin:
    "it compares every listener with a port outside the list (spec.admin.port, spec.connection.port), and spec.services has no maxItems: the API server prices the walk at a million items, over a rule's cost budget",
  check({ spec, at }) {
    const port = numberAt(objectAt(spec, 'connection'), 'port');
    if (port === undefined) return [];
    const ports = entries(arrayAt(spec, 'services'))
      .map(([, service]) => numberAt(objectAt(service, 'listener'), 'port'))
      .filter((p): p is number => p !== undefined);
    if (ports.length === 0 || ports.includes(port)) return [];
    return [
      at(
        'spec.connection.port',
        `Not found: ${port}: no MaxScale listener is on this port; the listeners are on ${ports.join(', ')}: set spec.connection.port to one of them`,
      ),
    ];
  },
});

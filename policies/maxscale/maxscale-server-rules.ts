// What MaxScale routes to: a MariaDB reference or a list of servers, never both, each server once, and at
// least one not in maintenance. https://mariadb.com/docs/server/architecture/components/maxscale
import { arrayAt, booleanAt, objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { duplicates, entries } from './maxscale-fields.js';
import { MAXSCALE } from './maxscale-kind.js';

export const serversOrRef = defineRule({
  id: 'maxscale/servers-or-mariadbref-required',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'A MaxScale with neither spec.mariaDbRef nor spec.servers.',
  why: 'MaxScale has nothing to route to: the operator cannot build a single server.',
  fix: 'Set spec.mariaDbRef.name to the MariaDB it fronts, or list spec.servers by hand.',
  check({ spec, at }) {
    if (objectAt(spec, 'mariaDbRef') !== undefined || entries(arrayAt(spec, 'servers')).length > 0) return [];
    return [at('spec', 'Required value: set spec.mariaDbRef to the MariaDB MaxScale fronts, or list spec.servers')];
  },
});

export const serversConflictRef = defineRule({
  id: 'maxscale/servers-conflict-mariadbref',
  kinds: [MAXSCALE],
  // The operator checks it when the MaxScale is created: afterwards its controller has written the servers of
  // the MariaDB out itself, and it keeps servers a user edits there.
  on: ['CREATE'],
  noCelTwin: 'the operator checks it on CREATE only, which a CEL rule (run on every write) cannot express',
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'A MaxScale created with spec.servers together with spec.mariaDbRef.',
  why: "The operator's webhook refuses it: with a mariaDbRef its controller writes the servers itself, from the MariaDB's pods.",
  fix: 'Remove spec.servers to have them filled in from the MariaDB, or remove spec.mariaDbRef to list servers by hand.',
  check({ spec, at }) {
    const mariadb = stringAt(objectAt(spec, 'mariaDbRef'), 'name');
    if (!mariadb || spec.servers === undefined || spec.servers === null) return [];
    return [
      at(
        'spec.servers',
        `Forbidden: spec.servers cannot be given with spec.mariaDbRef (${mariadb}) when a MaxScale is created: the operator fills them in from the MariaDB's pods; remove spec.servers, or remove spec.mariaDbRef to list servers by hand`,
      ),
    ];
  },
});

export const duplicateServerName = defineRule({
  id: 'maxscale/duplicate-server-name',
  noCelTwin: 'uniqueness needs a loop over the servers inside a loop over them, too costly for an unbounded list in CEL',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueDuplicate',
  what: 'Two servers with the same name.',
  why: 'MaxScale object names are unique: the second server fails to be created.',
  fix: 'Give every server its own name.',
  check({ spec, at }) {
    return duplicates(
      entries(arrayAt(spec, 'servers')),
      (s) => stringAt(s, 'name'),
      (i, v, first) => at(`spec.servers[${i}].name`, `Duplicate value: "${v}": spec.servers[${first}] has the same name; give each server its own`),
    );
  },
});

export const duplicateServerAddress = defineRule({
  id: 'maxscale/duplicate-server-address',
  noCelTwin: 'uniqueness needs a loop over the servers inside a loop over them, too costly for an unbounded list in CEL',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueDuplicate',
  what: 'Two servers with the same address, whatever their ports (as the operator compares them; host names ignoring case, as DNS does).',
  why: "The operator's webhook refuses it (server addresses must be unique); the same database counted twice would skew the monitor and the routing.",
  fix: 'List each database server once.',
  check({ spec, at }) {
    return duplicates(
      entries(arrayAt(spec, 'servers')),
      (s) => stringAt(s, 'address')?.toLowerCase(),
      (i, v, first) => at(`spec.servers[${i}].address`, `Duplicate value: "${v}": spec.servers[${first}] has the same address; list each database server once`),
    );
  },
});

export const allInMaintenance = defineRule({
  id: 'maxscale/all-servers-in-maintenance',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'Every server is in maintenance.',
  why: 'MaxScale routes no traffic to servers in maintenance: every client connection fails.',
  fix: 'Take at least one server out of maintenance.',
  noCelTwin:
    "it walks spec.servers, which the operator leaves without maxItems: the API server prices such a walk at a million items, over a rule's cost budget, and would refuse the whole CRD",
  check({ spec, at }) {
    const servers = entries(arrayAt(spec, 'servers'));
    if (servers.length === 0 || !servers.every(([, s]) => booleanAt(s, 'maintenance') === true)) return [];
    return [at('spec.servers', 'Invalid value: every server is in maintenance, so MaxScale routes no traffic; take at least one out of maintenance')];
  },
});

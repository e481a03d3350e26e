// Cases of the MaxScale rules (policies/maxscale/) and of the MaxScale a MariaDB embeds
// (policies/mariadb/mariadb-embedded-maxscale.ts): each fires and stays silent, UPDATE cases for every field
// the operator keeps immutable.
import type { KubeObject } from '../../policies/kube-object.js';
import type { RuleCase } from '../support/rule-cases.js';

type Spec = Record<string, unknown>;

function maxscale(spec: Spec): KubeObject {
  return { apiVersion: 'k8s.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name: 'mxs', namespace: 'default' }, spec };
}

const GALERA: KubeObject = {
  apiVersion: 'k8s.mariadb.com/v1alpha1',
  kind: 'MariaDB',
  metadata: { name: 'db', namespace: 'default' },
  spec: { replicas: 3, storage: { size: '1Gi' }, galera: { enabled: true } },
};
const STANDALONE: KubeObject = { ...GALERA, spec: { replicas: 1, storage: { size: '1Gi' } } };
const cluster = [GALERA];

const SERVERS = [
  { name: 'mariadb-0', address: '172.18.0.140' },
  { name: 'mariadb-1', address: '172.18.0.141' },
];
const secret = { name: 'maxscale', key: 'password' };
const AUTH = {
  clientUsername: 'maxscale-client',
  clientPasswordSecretKeyRef: secret,
  serverUsername: 'maxscale-server',
  serverPasswordSecretKeyRef: secret,
  monitorUsername: 'maxscale-monitor',
  monitorPasswordSecretKeyRef: secret,
};
/** A MaxScale in front of servers listed by hand, with everything the operator then needs from the user. */
const byHand = (extra: Spec = {}): KubeObject => maxscale({ servers: SERVERS, monitor: { module: 'galeramon' }, auth: AUTH, ...extra });
/** A MaxScale in front of the MariaDB `db` (in `cluster`). */
const referencing = (extra: Spec = {}): KubeObject => maxscale({ mariaDbRef: { name: 'db' }, ...extra });

const basic: RuleCase[] = [
  {
    rule: 'maxscale/servers-conflict-mariadbref',
    name: 'a server that is not a pod of the referenced MariaDB',
    object: referencing({ servers: [{ name: 'x', address: '10.0.0.9' }] }),
    cluster,
    fires: true,
    path: 'spec.servers',
  },
  {
    rule: 'maxscale/servers-conflict-mariadbref',
    name: 'an update of a MaxScale whose servers were written out, one of them edited: the operator keeps it',
    old: referencing({ servers: [{ name: 'db-0', address: 'db-0.db-internal.default.svc.cluster.local' }] }),
    object: referencing({ servers: [{ name: 'db-0', address: '10.0.0.9' }] }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/servers-conflict-mariadbref',
    name: "created with the MariaDB's own pods written out: the operator's webhook refuses any servers beside mariaDbRef",
    object: referencing({ servers: [{ name: 'db-0', address: 'db-0.db-internal.default.svc.cluster.local' }] }),
    cluster,
    fires: true,
    path: 'spec.servers',
  },
  {
    rule: 'maxscale/servers-conflict-mariadbref',
    name: 'created with mariaDbRef alone: the operator fills the servers in',
    object: referencing({}),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/duplicate-server-name',
    name: 'two servers named alike',
    object: byHand({ servers: [SERVERS[0], { ...SERVERS[1], name: 'mariadb-0' }] }),
    fires: true,
    path: 'spec.servers[1].name',
  },
  { rule: 'maxscale/duplicate-server-name', name: 'servers with their own names', object: byHand(), fires: false },
  {
    rule: 'maxscale/duplicate-server-address',
    name: 'the same address twice (default port)',
    object: byHand({ servers: [SERVERS[0], { ...SERVERS[1], address: '172.18.0.140', port: 3306 }] }),
    fires: true,
    path: 'spec.servers[1].address',
  },
  {
    rule: 'maxscale/duplicate-server-address',
    name: 'the same address on another port: the operator refuses it too',
    object: byHand({ servers: [SERVERS[0], { ...SERVERS[1], address: '172.18.0.140', port: 3307 }] }),
    fires: true,
    path: 'spec.servers[1].address',
  },
  { rule: 'maxscale/duplicate-server-address', name: 'each server once', object: byHand(), fires: false },
  {
    rule: 'maxscale/all-servers-in-maintenance',
    name: 'every server in maintenance',
    object: byHand({ servers: SERVERS.map((s) => ({ ...s, maintenance: true })) }),
    fires: true,
    path: 'spec.servers',
  },
  {
    rule: 'maxscale/all-servers-in-maintenance',
    name: 'one server in maintenance',
    object: byHand({ servers: [{ ...SERVERS[0], maintenance: true }, SERVERS[1]] }),
    fires: false,
  },
  {
    rule: 'maxscale/duplicate-service-name',
    name: 'two services named alike',
    object: referencing({
      services: [
        { name: 's', router: 'readwritesplit', listener: { port: 3306 } },
        { name: 's', router: 'readconnroute', listener: { port: 3307 } },
      ],
    }),
    cluster,
    fires: true,
    path: 'spec.services[1].name',
  },
  { rule: 'maxscale/duplicate-service-name', name: 'the default service', object: referencing(), cluster, fires: false },
  {
    rule: 'maxscale/duplicate-listener-port',
    name: 'two listeners on 3306',
    object: referencing({
      services: [
        { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
        { name: 'ro', router: 'readconnroute', listener: { port: 3306 } },
      ],
    }),
    cluster,
    fires: true,
    path: 'spec.services[1].listener.port',
  },
  {
    rule: 'maxscale/duplicate-listener-port',
    name: 'listeners on 3306 and 3307',
    object: referencing({
      services: [
        { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
        { name: 'ro', router: 'readconnroute', listener: { port: 3307 } },
      ],
    }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/listener-port-is-admin-port',
    name: 'a listener on the default admin port 8989',
    object: referencing({ services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 8989 } }] }),
    cluster,
    fires: true,
    path: 'spec.services[0].listener.port',
  },
  {
    rule: 'maxscale/listener-port-is-admin-port',
    name: 'a listener on 8989 with the admin API moved to 9090',
    object: referencing({ admin: { port: 9090 }, services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 8989 } }] }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/auth-generate-requires-mariadbref',
    name: 'generate: true with servers by hand',
    object: byHand({ auth: { ...AUTH, generate: true } }),
    fires: true,
    path: 'spec.auth.generate',
  },
  {
    rule: 'maxscale/auth-generate-requires-mariadbref',
    name: 'generate: false with servers by hand',
    object: byHand({ auth: { ...AUTH, generate: false } }),
    fires: false,
  },
  {
    rule: 'maxscale/auth-credentials-required',
    name: 'servers by hand and no credentials: the operator would name users that do not exist there',
    object: byHand({ auth: undefined }),
    fires: true,
    path: 'spec.auth.clientUsername',
  },
  {
    rule: 'maxscale/auth-credentials-required',
    name: 'servers by hand, a client user without its password',
    object: byHand({ auth: { ...AUTH, clientPasswordSecretKeyRef: undefined } }),
    fires: true,
    path: 'spec.auth.clientPasswordSecretKeyRef',
  },
  {
    rule: 'maxscale/auth-credentials-required',
    name: 'servers by hand, two replicas, no sync user',
    object: byHand({ replicas: 2, monitor: { module: 'galeramon', cooperativeMonitoring: 'majority_of_all' } }),
    fires: true,
    path: 'spec.auth.syncUsername',
  },
  { rule: 'maxscale/auth-credentials-required', name: 'servers by hand with every user given', object: byHand(), fires: false },
  {
    rule: 'maxscale/auth-credentials-required',
    name: "servers by hand, users named as the operator would name them, passwords given (the operator's maxscale_external.yaml)",
    object: byHand({
      auth: {
        clientUsername: 'mxs-client',
        clientPasswordSecretKeyRef: secret,
        serverUsername: 'mxs-server',
        serverPasswordSecretKeyRef: secret,
        monitorUsername: 'mxs-monitor',
        monitorPasswordSecretKeyRef: secret,
      },
    }),
    fires: false,
  },
  {
    rule: 'maxscale/auth-credentials-required',
    name: 'servers by hand, a password given but the username left to the defaults',
    object: byHand({ auth: { ...AUTH, serverUsername: undefined } }),
    fires: false,
  },
  {
    rule: 'maxscale/auth-credentials-required',
    name: 'a mariaDbRef: the operator creates the users',
    object: referencing(),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/monitor-module-required',
    name: 'servers by hand and no module',
    object: byHand({ monitor: { interval: '2s' } }),
    fires: true,
    path: 'spec.monitor.module',
  },
  { rule: 'maxscale/monitor-module-required', name: 'servers by hand with galeramon', object: byHand(), fires: false },
  {
    rule: 'maxscale/monitor-interval-short',
    name: 'a 500ms monitor interval',
    object: byHand({ monitor: { module: 'galeramon', interval: '500ms' } }),
    fires: true,
    severity: 'warning',
    path: 'spec.monitor.interval',
  },
  { rule: 'maxscale/monitor-interval-short', name: 'the default 2s', object: byHand(), fires: false },
  {
    rule: 'maxscale/primary-server-requires-mariadbmon',
    name: 'a primaryServer with galeramon',
    object: byHand({ primaryServer: 'mariadb-0' }),
    fires: true,
    path: 'spec.primaryServer',
  },
  {
    rule: 'maxscale/primary-server-requires-mariadbmon',
    name: 'a primaryServer with mariadbmon',
    object: byHand({ primaryServer: 'mariadb-0', monitor: { module: 'mariadbmon' } }),
    fires: false,
  },
  {
    rule: 'maxscale/pdb-one-of',
    name: 'both minAvailable and maxUnavailable',
    object: referencing({ podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }),
    cluster,
    fires: true,
    path: 'spec.podDisruptionBudget',
  },
  {
    rule: 'maxscale/pdb-one-of',
    name: 'maxUnavailable only',
    object: referencing({ podDisruptionBudget: { maxUnavailable: 1 } }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/tls-cert-without-ca',
    name: 'TLS enabled, a listener certificate without its CA',
    object: referencing({ tls: { enabled: true, listenerCertSecretRef: { name: 'cert' } } }),
    cluster,
    fires: true,
    path: 'spec.tls.listenerCASecretRef',
  },
  {
    rule: 'maxscale/tls-cert-without-ca',
    name: 'TLS disabled: the operator reads no certificate',
    object: referencing({ tls: { enabled: false, listenerCertSecretRef: { name: 'cert' } } }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/tls-cert-and-issuer',
    name: 'TLS enabled, the admin certificate from a Secret and an issuer',
    object: referencing({
      tls: { enabled: true, adminCASecretRef: { name: 'ca' }, adminCertSecretRef: { name: 'cert' }, adminCertIssuerRef: { name: 'issuer' } },
    }),
    cluster,
    fires: true,
    path: 'spec.tls.adminCertIssuerRef',
  },
  {
    rule: 'maxscale/tls-cert-and-issuer',
    name: 'TLS enabled, the admin certificate from an issuer',
    object: referencing({ tls: { enabled: true, adminCertIssuerRef: { name: 'issuer' } } }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/connection-port-not-a-listener',
    name: 'a Connection on 3307 while the only listener is the default on 3306',
    object: referencing({ connection: { secretName: 'conn', port: 3307 } }),
    cluster,
    fires: true,
    path: 'spec.connection.port',
  },
  {
    rule: 'maxscale/connection-port-not-a-listener',
    name: "a Connection on the default service's 3306",
    object: referencing({ connection: { secretName: 'conn', port: 3306 } }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/connection-port-not-a-listener',
    name: 'a Connection on the second service',
    object: referencing({
      services: [
        { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
        { name: 'ro', router: 'readconnroute', listener: { port: 3307 } },
      ],
      connection: { port: 3307 },
    }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/suspend-needs-feature-flag',
    name: 'a suspended monitor',
    object: referencing({ monitor: { suspend: true } }),
    cluster,
    fires: true,
    severity: 'warning',
    path: 'spec.monitor.suspend',
  },
  {
    rule: 'maxscale/suspend-needs-feature-flag',
    name: 'a suspended listener',
    object: referencing({ services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 3306, suspend: true } }] }),
    cluster,
    fires: true,
    severity: 'warning',
    path: 'spec.services[0].listener.suspend',
  },
  {
    rule: 'maxscale/suspend-needs-feature-flag',
    name: 'spec.suspend pauses reconciliation and needs no flag',
    object: referencing({ suspend: true }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/mariadb-not-found',
    name: 'a mariaDbRef to a MariaDB that does not exist',
    object: referencing(),
    fires: true,
    severity: 'warning',
    path: 'spec.mariaDbRef.name',
  },
  { rule: 'maxscale/mariadb-not-found', name: 'the MariaDB exists', object: referencing(), cluster, fires: false },
  {
    rule: 'maxscale/mariadb-not-highly-available',
    name: 'a standalone MariaDB',
    object: referencing(),
    cluster: [STANDALONE],
    fires: true,
    severity: 'warning',
    path: 'spec.mariaDbRef.name',
  },
  { rule: 'maxscale/mariadb-not-highly-available', name: 'a Galera MariaDB', object: referencing(), cluster, fires: false },
  {
    rule: 'maxscale/monitor-module-mismatch',
    name: 'mariadbmon for a Galera MariaDB',
    object: referencing({ monitor: { module: 'mariadbmon' } }),
    cluster,
    fires: true,
    path: 'spec.monitor.module',
  },
  { rule: 'maxscale/monitor-module-mismatch', name: 'the inferred galeramon', object: referencing(), cluster, fires: false },
  {
    rule: 'maxscale/scale-without-cooperative-monitoring',
    name: 'two replicas: the defaults turn cooperative monitoring on',
    object: referencing({ replicas: 2 }),
    cluster,
    fires: false,
  },
  { rule: 'maxscale/scale-unchecked', name: 'a whole MaxScale is never an unchecked scale', object: referencing({ replicas: 2 }), cluster, fires: false },
];

/** An UPDATE of `field` (a path under spec) from `before` to `after`, on a MaxScale in front of `db`. */
function update(field: string, before: unknown, after: unknown, base: Spec = {}): { object: KubeObject; old: KubeObject } {
  const withValue = (value: unknown): KubeObject => {
    const spec: Spec = structuredClone({ mariaDbRef: { name: 'db' }, ...base });
    const keys = field.split('.');
    let node = spec;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Spec;
    if (value === undefined) delete node[keys.at(-1)!];
    else node[keys.at(-1)!] = structuredClone(value);
    return maxscale(spec);
  };
  return { old: withValue(before), object: withValue(after) };
}

const HA = { replicas: 2, monitor: { cooperativeMonitoring: 'majority_of_all' } };

/** One UPDATE per immutable field: [field under spec, before, after, other spec fields]. */
const CHANGES: Array<[string, unknown, unknown, Spec?]> = [
  ['mariaDbRef', { name: 'db' }, { name: 'db2' }],
  ['monitor.module', 'galeramon', 'mariadbmon'],
  ['auth.generate', true, false],
  ['auth.adminUsername', 'admin', 'root'],
  ['auth.adminPasswordSecretKeyRef', { name: 'a', key: 'password' }, { name: 'b', key: 'password' }],
  ['auth.deleteDefaultAdmin', true, false],
  ['auth.metricsUsername', 'metrics', 'scraper'],
  ['auth.clientUsername', 'app', 'app2'],
  ['auth.clientMaxConnections', 30, 60],
  ['auth.serverUsername', 'srv', 'srv2'],
  ['auth.serverMaxConnections', 30, 60],
  ['auth.monitorUsername', 'mon', 'mon2'],
  ['auth.monitorMaxConnections', 30, 60],
  ['auth.syncUsername', 'sync', 'sync2', HA],
  ['auth.syncMaxConnections', 60, 90, HA],
  ['serviceAccountName', 'mxs', 'other'],
  ['priorityClassName', undefined, 'high'],
  ['services', [{ name: 'rw', router: 'readwritesplit', listener: { port: 3306 } }], [{ name: 'rw', router: 'readconnroute', listener: { port: 3306 } }]],
  ['services', [{ name: 'rw', router: 'readwritesplit', listener: { port: 3306 } }], [{ name: 'rw', router: 'readwritesplit', listener: { port: 3307 } }]],
  ['affinity', { antiAffinityEnabled: false }, { antiAffinityEnabled: true }],
  ['connection', { secretName: 'a', port: 3306 }, { secretName: 'b', port: 3306 }],
  ['metrics', { enabled: true, exporter: { priorityClassName: 'a' } }, { enabled: true, exporter: { priorityClassName: 'b' } }],
  [
    'metrics',
    { enabled: true, exporter: { affinity: { antiAffinityEnabled: true } } },
    { enabled: true, exporter: { affinity: { antiAffinityEnabled: false } } },
  ],
];

const PATHS: Record<string, string> = {
  'services#0': 'spec.services[0].router',
  'services#1': 'spec.services[0].listener.port',
  affinity: 'spec.affinity.antiAffinityEnabled',
  connection: 'spec.connection.secretName',
  'metrics#0': 'spec.metrics.exporter.priorityClassName',
  'metrics#1': 'spec.metrics.exporter.affinity.antiAffinityEnabled',
};

const seen = new Map<string, number>();
const immutableFires: RuleCase[] = CHANGES.map(([field, before, after, base]) => {
  const n = seen.get(field) ?? 0;
  seen.set(field, n + 1);
  const path = PATHS[`${field}#${n}`] ?? PATHS[field] ?? `spec.${field}`;
  return {
    rule: 'maxscale/immutable-field',
    name: `an update changes ${path}`,
    ...update(field, before, after, base),
    cluster,
    fires: true,
    path,
  };
});

const immutableOther: RuleCase[] = [
  {
    rule: 'maxscale/immutable-field',
    name: 'an update that keeps every immutable field and changes the Service type',
    ...update('kubernetesService', { type: 'ClusterIP' }, { type: 'LoadBalancer' }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/immutable-field',
    name: 'an inmutableinit field set where it was unset (connection.secretName)',
    ...update('connection', { port: 3306 }, { port: 3306, secretName: 'conn' }),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/immutable-field',
    name: 'the affinity removed altogether: the operator compares antiAffinityEnabled only while both have an affinity',
    ...update('affinity', { antiAffinityEnabled: true }, undefined),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/immutable-field',
    name: 'two services swapped: compared by position, as the operator does',
    ...update(
      'services',
      [
        { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
        { name: 'ro', router: 'readconnroute', listener: { port: 3307 } },
      ],
      [
        { name: 'ro', router: 'readconnroute', listener: { port: 3307 } },
        { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
      ],
    ),
    cluster,
    fires: true,
    path: 'spec.services[0].router',
  },
  {
    rule: 'maxscale/immutable-field',
    name: 'a service renamed on the same router and port',
    ...update(
      'services',
      [{ name: 'rw', router: 'readwritesplit', listener: { port: 3306 } }],
      [{ name: 'main', router: 'readwritesplit', listener: { port: 3306 } }],
    ),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/immutable-field',
    name: 'a service added after the existing ones',
    ...update(
      'services',
      [{ name: 'rw', router: 'readwritesplit', listener: { port: 3306 } }],
      [
        { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
        { name: 'ro', router: 'readconnroute', listener: { port: 3307 } },
      ],
    ),
    cluster,
    fires: false,
  },
  {
    rule: 'maxscale/immutable-field',
    name: 'operator 25.10: imagePullSecrets changed',
    ...update('imagePullSecrets', [{ name: 'a' }], [{ name: 'b' }]),
    cluster,
    operatorVersions: ['25.10'],
    fires: true,
    path: 'spec.imagePullSecrets',
  },
  {
    rule: 'maxscale/immutable-field',
    name: 'operator 26.6: imagePullSecrets may change',
    ...update('imagePullSecrets', [{ name: 'a' }], [{ name: 'b' }]),
    cluster,
    operatorVersions: ['26.6'],
    fires: false,
  },
];

function mariadb(maxScale: Spec): KubeObject {
  return { ...GALERA, metadata: { name: 'db' }, spec: { ...(GALERA.spec as Spec), maxScale } };
}

const embedded: RuleCase[] = [
  {
    rule: 'mariadb/embedded-maxscale-replicas',
    name: 'an embedded MaxScale with two replicas',
    object: mariadb({ enabled: true, replicas: 2 }),
    operatorVersions: ['25.10'],
    fires: true,
    severity: 'warning',
    path: 'spec.maxScale.replicas',
  },
  {
    rule: 'mariadb/embedded-maxscale-replicas',
    name: 'an embedded MaxScale with the default single replica',
    object: mariadb({ enabled: true }),
    operatorVersions: ['25.10'],
    fires: false,
  },
];

export const cases: RuleCase[] = [...basic, ...immutableFires, ...immutableOther, ...embedded];

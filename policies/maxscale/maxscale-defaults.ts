// MaxScale defaults, as the MariaDB operators apply them (MaxScale.SetDefaults and what it calls, and the
// controller's inference from spec.mariaDbRef; the seed's "Defaults", "Authentication", "High availability" and
// "Common errors" sections), with the operator's names and values. Each default fills only what the user left
// unset, so defaulting twice equals defaulting once. Left to the operator, because they depend on its environment:
// spec.image and spec.metrics.exporter.image (its RELATED_IMAGE_* settings).
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { arrayAt, ensureObject, isObject, numberAt, objectAt, setDefault, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { referenceUnresolved } from './maxscale-reference-rules.js';
import { haModeOf, lookupReferencedMariaDB } from './referenced-mariadb.js';

/** The operator's own admin user differs between the enterprise and community operators. */
export function adminUsernameFor(group: string): string {
  return group === 'k8s.mariadb.com' ? 'mariadb-operator' : 'mariadb-enterprise-operator';
}

// mariadbmon fails over and rejoins only when told to; the operators turn it on for a MariaDB they infer it from.
const MARIADBMON_PARAMS = { auto_failover: 'true', auto_rejoin: 'true', switchover_on_low_disk_space: 'true' };

// MaxScale's image runs as 999 and must own /var/lib/maxscale ("Permission denied writing /var/lib/maxscale"):
// what the operator puts in the StatefulSet when the spec has none (except on OpenShift, where SCCs decide).
const POD_SECURITY_CONTEXT = { runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true };

/** The database users MaxScale logs in with; `sync` only with more than one replica (config sync). */
export function maxscaleUsers(replicas: number): string[] {
  return replicas > 1 ? ['client', 'server', 'monitor', 'sync'] : ['client', 'server', 'monitor'];
}

/** The Secret key reference the operator generates for a MaxScale password: `<maxscale>-<user>`, key `password`. */
export function generatedSecretRef(secret: string): JsonObject {
  return { name: secret, key: 'password', generate: true };
}

export interface MaxScaleDefaultsInput {
  /** metadata.name of the MaxScale; names its Secrets and users. */
  name: string;
  /** API group: the admin user differs between the enterprise and community operators. */
  group: string;
  /** The MariaDB of spec.mariaDbRef (kind MariaDB), when it could be read. */
  mariadb?: KubeObject;
  /** The name of the MariaDB of spec.mariaDbRef (kind MariaDB), read or not: anti-affinity keeps away from its pods. */
  mariadbName?: string;
}

/** Fills the defaults into `object` (the engine's clone); warns when the referenced MariaDB could not be read. */
export async function defaultMaxScale(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const warnings: FieldError[] = [];
  const spec = ensureObject(object, 'spec');

  const ref = await lookupReferencedMariaDB(object, ctx);
  // The module is inferred from a MariaDB the operator runs, never from an ExternalMariaDB. The servers are not
  // written here: the operator's own webhook refuses a MaxScale created with both spec.mariaDbRef and spec.servers
  // (its controller fills spec.servers in afterwards, an update it allows).
  const mariadb = ref && ref.kind === 'MariaDB' && ref.found !== 'unknown' ? ref.found : undefined;
  if (ref?.found === 'unknown') {
    warnings.push(
      referenceUnresolved.at('spec.mariaDbRef', `${ref.kind} ${ref.namespace}/${ref.name} could not be looked up: monitor.module was not inferred`),
    );
  }

  applyMaxScaleDefaults(spec, {
    name: object.metadata?.name ?? 'maxscale',
    group: ctx.group,
    ...(mariadb ? { mariadb } : {}),
    ...(ref?.kind === 'MariaDB' ? { mariadbName: ref.name } : {}),
  });
  // Pod-level settings of a MaxScale's own StatefulSet: not part of a MaxScale embedded in a MariaDB.
  setDefault(spec, 'podSecurityContext', { ...POD_SECURITY_CONTEXT });
  // MaxScalePodTemplate.SetDefaults: the operator creates a ServiceAccount named after the MaxScale.
  if (object.metadata?.name) setDefault(spec, 'serviceAccountName', object.metadata.name);
  defaultAntiAffinity(objectAt(spec, 'affinity'), [object.metadata?.name, ref?.kind === 'MariaDB' ? ref.name : undefined]);
  return warnings;
}

/**
 * The defaults of a MaxScale spec that need nothing but the spec and, when read, its MariaDB: shared with the
 * MaxScale a MariaDB embeds (spec.maxScale), from which the operator builds a MaxScale named `<mariadb>-maxscale`.
 */
export function applyMaxScaleDefaults(spec: JsonObject, input: MaxScaleDefaultsInput): void {
  const { name, mariadb } = input;
  const referenced = objectAt(spec, 'mariaDbRef') !== undefined;

  setDefault(spec, 'replicas', 1);
  const replicas = numberAt(spec, 'replicas') ?? 1;
  const highlyAvailable = replicas > 1;
  setDefault(spec, 'requeueInterval', '30s');

  for (const server of arrayAt(spec, 'servers') ?? []) {
    if (!isObject(server)) continue;
    setDefault(server, 'port', 3306);
    setDefault(server, 'protocol', 'MariaDBBackend');
  }

  setDefault(spec, 'services', [{ name: 'rw-router', router: 'readwritesplit', listener: { port: 3306 } }]);
  for (const service of arrayAt(spec, 'services') ?? []) {
    if (!isObject(service)) continue;
    const listener = ensureObject(service, 'listener');
    const serviceName = stringAt(service, 'name');
    if (serviceName) setDefault(listener, 'name', `${serviceName}-listener`);
    setDefault(listener, 'protocol', 'MariaDBProtocol');
  }

  const monitor = ensureObject(spec, 'monitor');
  // The operator's controller takes the module from the MariaDB: galeramon for Galera, mariadbmon otherwise,
  // and gives mariadbmon the parameters that let it fail over.
  if (monitor.module === undefined && mariadb) monitor.module = haModeOf(mariadb) === 'galera' ? 'galeramon' : 'mariadbmon';
  const module = stringAt(monitor, 'module');
  if (module === 'mariadbmon' && referenced) setDefault(monitor, 'params', { ...MARIADBMON_PARAMS });
  if (module) setDefault(monitor, 'name', `${module}-monitor`);
  setDefault(monitor, 'interval', '2s');
  if (highlyAvailable) setDefault(monitor, 'cooperativeMonitoring', 'majority_of_all');

  const admin = ensureObject(spec, 'admin');
  setDefault(admin, 'port', 8989);
  setDefault(admin, 'guiEnabled', true);

  setDefault(ensureObject(spec, 'kubernetesService'), 'type', 'ClusterIP');

  const config = ensureObject(spec, 'config');
  const claim = ensureObject(config, 'volumeClaimTemplate');
  setDefault(ensureObject(ensureObject(claim, 'resources'), 'requests'), 'storage', '100Mi');
  if ((arrayAt(claim, 'accessModes') ?? []).length === 0) claim.accessModes = ['ReadWriteOnce'];
  if (highlyAvailable) {
    const sync = ensureObject(config, 'sync');
    setDefault(sync, 'database', 'mysql');
    setDefault(sync, 'interval', '5s');
    setDefault(sync, 'timeout', '10s');
  }

  const metrics = objectAt(spec, 'metrics');
  const metricsEnabled = metrics?.enabled === true;
  defaultAuth(spec, name, replicas, input.group, referenced, metricsEnabled);
  if (metrics && metricsEnabled) {
    const exporter = ensureObject(metrics, 'exporter');
    setDefault(exporter, 'port', 9105);
    defaultAntiAffinity(objectAt(exporter, 'affinity'), [name, input.mariadbName]);
  }

  defaultTls(spec, mariadb);
}

function defaultAuth(spec: JsonObject, name: string, replicas: number, group: string, referenced: boolean, metrics: boolean): void {
  const auth = ensureObject(spec, 'auth');
  // Users can only be generated in a referenced MariaDB.
  if (referenced) setDefault(auth, 'generate', true);
  setDefault(auth, 'adminUsername', adminUsernameFor(group));
  setDefault(auth, 'adminPasswordSecretKeyRef', generatedSecretRef(`${name}-admin`));
  setDefault(auth, 'deleteDefaultAdmin', true);
  if (metrics) {
    setDefault(auth, 'metricsUsername', 'metrics');
    setDefault(auth, 'metricsPasswordSecretKeyRef', generatedSecretRef(`${name}-metrics`));
  }
  // The operator names them whether or not it can create them: without spec.mariaDbRef the user must give real
  // ones (maxscale/auth-credentials-required).
  for (const user of maxscaleUsers(replicas)) {
    setDefault(auth, `${user}Username`, `${name}-${user}`);
    setDefault(auth, `${user}PasswordSecretKeyRef`, generatedSecretRef(`${name}-${user}`));
    // Each MaxScale replica opens its own connections.
    setDefault(auth, `${user}MaxConnections`, 30 * Math.max(1, replicas));
  }
}

/** TLS is on by default when the MariaDB requires it, trusting the MariaDB's CA and presenting its client certificate. */
function defaultTls(spec: JsonObject, mariadb: KubeObject | undefined): void {
  const mariadbTls = objectAt(mariadb?.spec, 'tls');
  const required = mariadbTls?.enabled === true && mariadbTls.required === true;
  const mariadbName = mariadb?.metadata?.name;
  if (!required || !mariadbName) return;
  if (spec.tls === undefined) spec.tls = { enabled: true };
  const tls = objectAt(spec, 'tls');
  if (tls?.enabled !== true) return;
  if (objectAt(mariadb?.spec, 'replication')?.enabled === true) setDefault(tls, 'replicationSSLEnabled', true);
  setDefault(tls, 'serverCASecretRef', { name: `${mariadbName}-ca-bundle` });
  setDefault(tls, 'serverCertSecretRef', { name: stringAt(objectAt(mariadbTls, 'clientCertSecretRef'), 'name') ?? `${mariadbName}-client-cert` });
}

/** AffinityConfig.SetDefaults: antiAffinityEnabled keeps the pods off nodes that run the given instances. */
function defaultAntiAffinity(affinity: JsonObject | undefined, instances: Array<string | undefined>): void {
  const names = instances.filter((n): n is string => n !== undefined && n !== '');
  if (!affinity || affinity.antiAffinityEnabled !== true || names.length === 0 || affinity.podAntiAffinity !== undefined) return;
  affinity.podAntiAffinity = {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: names }] },
        topologyKey: 'kubernetes.io/hostname',
      },
    ],
  };
}

// MaxScale defaults, as the MariaDB operators apply them (the seed's "Defaults", "Authentication",
// "High availability" and "Common errors" sections). Each default fills only what the user left unset.
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { arrayAt, ensureObject, isObject, numberAt, objectAt, setDefault, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { referenceUnresolved } from './maxscale-reference-rules.js';
import { haModeOf, inferredServers, lookupReferencedMariaDB, moduleFor } from './referenced-mariadb.js';

/** The operator's own admin user differs between the enterprise and community operators. */
export function adminUsernameFor(group: string): string {
  return group === 'k8s.mariadb.com' ? 'mariadb-operator' : 'mariadb-enterprise-operator';
}

// mariadbmon fails over and rejoins only when told to; the operators turn it on.
const MARIADBMON_PARAMS = { auto_failover: 'true', auto_rejoin: 'true', switchover_on_low_disk_space: 'true' };

// MaxScale's image runs as 999 and must own /var/lib/maxscale ("Permission denied writing /var/lib/maxscale").
const POD_SECURITY_CONTEXT = { runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true };

/** Fills the defaults into `object` (the engine's clone); warns when the referenced MariaDB could not be read. */
export async function defaultMaxScale(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const warnings: FieldError[] = [];
  const spec = ensureObject(object, 'spec');
  const name = object.metadata?.name ?? 'maxscale';

  const ref = await lookupReferencedMariaDB(object, ctx);
  // Servers and module are inferred from a MariaDB the operator runs, never from an ExternalMariaDB.
  const mariadb = ref && ref.kind === 'MariaDB' && ref.found !== 'unknown' ? ref.found : undefined;
  if (ref?.found === 'unknown') {
    warnings.push(
      referenceUnresolved.at(
        'spec.mariaDbRef',
        `${ref.kind} ${ref.namespace}/${ref.name} could not be looked up: servers and monitor.module were not inferred`,
      ),
    );
  }

  if (spec.servers === undefined && ref && mariadb) spec.servers = inferredServers(ref, mariadb, ctx.clusterDomain);
  for (const server of arrayAt(spec, 'servers') ?? []) {
    if (!isObject(server)) continue;
    setDefault(server, 'port', 3306);
    setDefault(server, 'protocol', 'MariaDBBackend');
  }

  setDefault(spec, 'replicas', 1);
  const replicas = numberAt(spec, 'replicas') ?? 1;
  const highlyAvailable = replicas > 1;

  const monitor = ensureObject(spec, 'monitor');
  if (monitor.module === undefined && mariadb) {
    const inferred = moduleFor(haModeOf(mariadb));
    if (inferred) monitor.module = inferred;
  }
  const module = stringAt(monitor, 'module');
  if (module === 'mariadbmon') setDefault(monitor, 'params', { ...MARIADBMON_PARAMS });
  if (module) setDefault(monitor, 'name', `${module}-monitor`);
  setDefault(monitor, 'interval', '2s');
  if (highlyAvailable) setDefault(monitor, 'cooperativeMonitoring', 'majority_of_all');

  setDefault(spec, 'services', [{ name: 'rw-router', router: 'readwritesplit', listener: { port: 3306 } }]);
  for (const service of arrayAt(spec, 'services') ?? []) {
    if (!isObject(service)) continue;
    const listener = ensureObject(service, 'listener');
    const serviceName = stringAt(service, 'name');
    if (serviceName) setDefault(listener, 'name', `${serviceName}-listener`);
    setDefault(listener, 'protocol', 'MariaDBProtocol');
  }

  const admin = ensureObject(spec, 'admin');
  setDefault(admin, 'port', 8989);
  setDefault(admin, 'guiEnabled', true);

  setDefault(ensureObject(spec, 'kubernetesService'), 'type', 'ClusterIP');

  const config = ensureObject(spec, 'config');
  setDefault(config, 'volumeClaimTemplate', { resources: { requests: { storage: '100Mi' } }, accessModes: ['ReadWriteOnce'] });
  if (highlyAvailable) {
    const sync = ensureObject(config, 'sync');
    setDefault(sync, 'database', 'mysql');
    setDefault(sync, 'interval', '5s');
    setDefault(sync, 'timeout', '10s');
  }

  defaultAuth(spec, name, replicas, ctx.group);
  setDefault(spec, 'podSecurityContext', { ...POD_SECURITY_CONTEXT });
  return warnings;
}

function secretRef(secret: string): JsonObject {
  return { name: secret, key: 'password', generate: true };
}

function defaultAuth(spec: JsonObject, name: string, replicas: number, group: string): void {
  const auth = ensureObject(spec, 'auth');
  if (objectAt(spec, 'mariaDbRef') && auth.generate === undefined) auth.generate = true;
  // The admin user lives in MaxScale itself, so the operator can always create it.
  setDefault(auth, 'adminUsername', adminUsernameFor(group));
  setDefault(auth, 'adminPasswordSecretKeyRef', secretRef(`${name}-admin`));
  setDefault(auth, 'deleteDefaultAdmin', true);
  // Database users can only be created in a referenced MariaDB; without generate the user gives them.
  if (auth.generate !== true) return;
  const users = replicas > 1 ? ['client', 'server', 'monitor', 'sync'] : ['client', 'server', 'monitor'];
  for (const user of users) {
    setDefault(auth, `${user}Username`, `${name}-${user}`);
    setDefault(auth, `${user}PasswordSecretKeyRef`, secretRef(`${name}-${user}`));
    // Each MaxScale replica opens its own connections.
    setDefault(auth, `${user}MaxConnections`, 30 * Math.max(1, replicas));
  }
}

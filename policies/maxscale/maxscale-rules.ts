// MaxScale rules: the unsafe specs the seed's "Server configuration", "Authentication", "High
// availability" and "MaxScale GUI" sections warn about, plus what MaxScale itself refuses.
import { isDeepStrictEqual } from 'node:util';
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { arrayAt, booleanAt, isObject, numberAt, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { MAXSCALE_RULES as R } from './maxscale-rules-catalog.js';
import { haModeOf, lookupReferencedMariaDB, moduleFor, podAddress } from './referenced-mariadb.js';

const DEFAULT_ADMIN_PORT = 8989;

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds in a Go duration such as 1m30s or 500ms; undefined when it is not one (the schema reports that). */
export function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * DURATION_UNITS[unit!]!, 0);
}

function entries(list: unknown[] | undefined): Array<[number, JsonObject]> {
  return (list ?? []).flatMap((item, index): Array<[number, JsonObject]> => (isObject(item) ? [[index, item]] : []));
}

/** A finding at every later item whose key repeats an earlier one. */
function duplicates(list: Array<[number, JsonObject]>, key: (item: JsonObject) => string | undefined, report: (index: number, value: string, first: number) => FieldError): FieldError[] {
  const firstIndex = new Map<string, number>();
  const out: FieldError[] = [];
  for (const [index, item] of list) {
    const value = key(item);
    if (value === undefined) continue;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else out.push(report(index, value, first));
  }
  return out;
}

function serverRules(spec: JsonObject): FieldError[] {
  const servers = entries(arrayAt(spec, 'servers'));
  const out = [
    ...duplicates(servers, (s) => stringAt(s, 'name'), (i, v, first) =>
      R.duplicateServerName.at(`spec.servers[${i}].name`, `Duplicate value: "${v}": spec.servers[${first}] has the same name; give each server its own`)),
    ...duplicates(servers, (s) => {
      const address = stringAt(s, 'address');
      return address === undefined ? undefined : `${address.toLowerCase()}:${numberAt(s, 'port') ?? 3306}`;
    }, (i, v, first) =>
      R.duplicateServerAddress.at(`spec.servers[${i}].address`, `Duplicate value: "${v}": spec.servers[${first}] is the same server; list each database once`)),
  ];
  if (servers.length > 0 && servers.every(([, s]) => booleanAt(s, 'maintenance') === true)) {
    out.push(R.allInMaintenance.at('spec.servers', 'Invalid value: every server is in maintenance, so MaxScale routes no traffic; take at least one out of maintenance'));
  }
  return out;
}

function serviceRules(spec: JsonObject): FieldError[] {
  const services = entries(arrayAt(spec, 'services'));
  const adminPort = numberAt(objectAt(spec, 'admin'), 'port') ?? DEFAULT_ADMIN_PORT;
  const out = [
    ...duplicates(services, (s) => stringAt(s, 'name'), (i, v, first) =>
      R.duplicateServiceName.at(`spec.services[${i}].name`, `Duplicate value: "${v}": spec.services[${first}] has the same name; give each service its own`)),
    ...duplicates(services, (s) => numberAt(objectAt(s, 'listener'), 'port')?.toString(), (i, v, first) =>
      R.duplicateListenerPort.at(`spec.services[${i}].listener.port`, `Duplicate value: ${v}: spec.services[${first}] already listens on it; choose another port`)),
  ];
  for (const [i, service] of services) {
    if (numberAt(objectAt(service, 'listener'), 'port') === adminPort) {
      out.push(R.listenerAdminPort.at(`spec.services[${i}].listener.port`, `Invalid value: ${adminPort}: the admin API and GUI listen on spec.admin.port ${adminPort}; choose another listener port`));
    }
  }
  return out;
}

function authRules(spec: JsonObject): FieldError[] {
  const auth = objectAt(spec, 'auth');
  const hasRef = objectAt(spec, 'mariaDbRef') !== undefined;
  const out: FieldError[] = [];
  if (booleanAt(auth, 'generate') === true && !hasRef) {
    out.push(R.generateWithoutRef.at('spec.auth.generate', 'Forbidden: users can only be generated in a MariaDB given by spec.mariaDbRef; set it, or set generate: false and provide every user'));
  }
  if (booleanAt(auth, 'generate') === false) {
    const users = (numberAt(spec, 'replicas') ?? 1) > 1 ? ['client', 'server', 'monitor', 'sync'] : ['client', 'server', 'monitor'];
    for (const user of users) {
      for (const field of [`${user}Username`, `${user}PasswordSecretKeyRef`]) {
        if (auth?.[field] === undefined) {
          out.push(R.credentialsRequired.at(`spec.auth.${field}`, `Required value: with spec.auth.generate false nothing creates the ${user} credentials; provide them`));
        }
      }
    }
  }
  return out;
}

function monitorRules(spec: JsonObject): FieldError[] {
  const monitor = objectAt(spec, 'monitor');
  const module = stringAt(monitor, 'module');
  const out: FieldError[] = [];
  if (module === undefined && objectAt(spec, 'mariaDbRef') === undefined) {
    out.push(R.moduleRequired.at('spec.monitor.module', 'Required value: must be provided when spec.mariaDbRef is not set'));
  }
  const interval = stringAt(monitor, 'interval');
  const seconds = interval === undefined ? undefined : goDurationSeconds(interval);
  if (interval !== undefined && seconds !== undefined && seconds < 1) {
    out.push(R.monitorIntervalShort.at('spec.monitor.interval', `${interval} is shorter than the recommended 1s`));
  }
  if (stringAt(spec, 'primaryServer') !== undefined && module !== undefined && module !== 'mariadbmon') {
    out.push(R.primaryServerModule.at('spec.primaryServer', `Forbidden: only the mariadbmon monitor performs switchovers, not ${module}; remove spec.primaryServer`));
  }
  return out;
}

function serversConflictRule(spec: JsonObject, namespace: string, clusterDomain: string): FieldError[] {
  const ref = objectAt(spec, 'mariaDbRef');
  const mariadb = stringAt(ref, 'name');
  const servers = entries(arrayAt(spec, 'servers'));
  if (!mariadb || servers.length === 0) return [];
  const refNamespace = stringAt(ref, 'namespace') ?? namespace;
  // Servers the defaults inferred from the MariaDB are its pods: those are not a conflict.
  const strangers = servers.filter(([i, s]) => stringAt(s, 'address') !== podAddress(mariadb, i, refNamespace, clusterDomain));
  return strangers.map(([i]) =>
    R.serversConflictRef.at(`spec.servers[${i}]`, `Forbidden: servers are inferred from spec.mariaDbRef ${mariadb}; remove spec.servers, or remove spec.mariaDbRef to list servers by hand`));
}

function pdbRule(spec: JsonObject): FieldError[] {
  const pdb = objectAt(spec, 'podDisruptionBudget');
  if (!pdb) return [];
  const both = pdb.minAvailable !== undefined && pdb.maxUnavailable !== undefined;
  const neither = pdb.minAvailable === undefined && pdb.maxUnavailable === undefined;
  if (!both && !neither) return [];
  return [R.pdbOneOf.at('spec.podDisruptionBudget', `Invalid value: ${both ? 'both' : 'neither'} of minAvailable and maxUnavailable are set; set exactly one`)];
}

function tlsRules(spec: JsonObject): FieldError[] {
  const tls = objectAt(spec, 'tls');
  if (!tls) return [];
  const out: FieldError[] = [];
  for (const part of ['admin', 'listener', 'server']) {
    const cert = `${part}CertSecretRef`;
    if (tls[cert] !== undefined && tls[`${part}CASecretRef`] === undefined) {
      out.push(R.tlsCertWithoutCa.at(`spec.tls.${part}CASecretRef`, `Required value: spec.tls.${cert} is set, so the CA that signed it must be given too`));
    }
    if (tls[cert] !== undefined && tls[`${part}CertIssuerRef`] !== undefined) {
      out.push(R.tlsCertAndIssuer.at(`spec.tls.${part}CertIssuerRef`, `Forbidden: spec.tls.${cert} is set too; keep either the Secret or the issuer`));
    }
  }
  return out;
}

function updateRules(spec: JsonObject, old: KubeObject): FieldError[] {
  const oldSpec = isObject(old.spec) ? old.spec : {};
  const out: FieldError[] = [];
  const immutable = (path: string, before: unknown, after: unknown, how: string) => {
    if (before !== undefined && !isDeepStrictEqual(before, after)) out.push(R.immutable.at(path, `Forbidden: field is immutable: ${how}`));
  };
  immutable('spec.mariaDbRef', oldSpec.mariaDbRef, spec.mariaDbRef, 'create a new MaxScale for the other MariaDB and move clients to it');
  immutable('spec.monitor.module', stringAt(objectAt(oldSpec, 'monitor'), 'module'), stringAt(objectAt(spec, 'monitor'), 'module'), 'create a new MaxScale with the other module');
  const oldServices = new Map(entries(arrayAt(oldSpec, 'services')).map(([, s]) => [stringAt(s, 'name'), s]));
  for (const [i, service] of entries(arrayAt(spec, 'services'))) {
    const before = oldServices.get(stringAt(service, 'name'));
    if (!before) continue;
    immutable(`spec.services[${i}].router`, before.router, service.router, 'add a new service with the other router and remove this one');
    immutable(`spec.services[${i}].listener.port`, objectAt(before, 'listener')?.port, objectAt(service, 'listener')?.port, 'add a new service on the other port and remove this one');
  }
  return out;
}

async function referenceRules(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const ref = await lookupReferencedMariaDB(object, ctx);
  if (!ref || ref.found === 'unknown') return [];
  if (ref.found === undefined) {
    return [R.mariadbMissing.at('spec.mariaDbRef.name', `MariaDB ${ref.namespace}/${ref.name} does not exist; create it or fix the reference`)];
  }
  const mode = haModeOf(ref.found);
  if (mode === 'none') {
    return [R.mariadbNotHa.at('spec.mariaDbRef.name', `MariaDB ${ref.name} has neither spec.galera nor spec.replication enabled: MaxScale has nothing to fail over to`)];
  }
  const module = stringAt(objectAt(object.spec, 'monitor'), 'module');
  const expected = moduleFor(mode);
  if (module !== undefined && expected !== undefined && module !== expected) {
    return [R.moduleMismatch.at('spec.monitor.module', `Invalid value: "${module}": MariaDB ${ref.name} uses ${mode}, which needs ${expected}`)];
  }
  return [];
}

export async function validateMaxScale(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  if (ctx.operation === 'DELETE') return [];
  const spec = isObject(object.spec) ? object.spec : {};
  const namespace = object.metadata?.namespace ?? ctx.namespace;
  const out: FieldError[] = [];
  if (objectAt(spec, 'mariaDbRef') === undefined && entries(arrayAt(spec, 'servers')).length === 0) {
    out.push(R.serversOrRef.at('spec', 'Required value: set spec.mariaDbRef to the MariaDB MaxScale fronts, or list spec.servers'));
  }
  out.push(
    ...serversConflictRule(spec, namespace, ctx.clusterDomain),
    ...serverRules(spec),
    ...serviceRules(spec),
    ...authRules(spec),
    ...monitorRules(spec),
    ...pdbRule(spec),
    ...tlsRules(spec),
  );
  if (ctx.operation === 'UPDATE' && ctx.oldObject) out.push(...updateRules(spec, ctx.oldObject));
  out.push(...(await referenceRules(object, ctx)));
  return out;
}

// A Connection's defaults, as Connection.SetDefaults applies them: the Secret's name and key, and the host and
// port of what it refers to, so the Secret applications mount says where they really connect. The host is the
// in-cluster DNS name of the target's Service (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/):
// an ExternalMariaDB's own spec.host; with operator 26.6 the `<name>-primary` Service of a MariaDB with Galera or
// replication, so writes reach the primary. What needs the target and cannot be read is left to the operator.
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { isObject, numberAt, objectAt, setDefault, stringAt } from '../object-fields.js';
import { DEFAULT_CLUSTER_DOMAIN, type PolicyContext } from '../policy-context.js';
import { referenceUnresolved } from './connection-lookup-rules.js';
import { connectionTarget, lookUp, type ConnectionTarget } from './connection-target.js';
import { maxScaleListeners } from './maxscale-listeners.js';

/** The port MariaDB and an ExternalMariaDB listen on unless they say otherwise. */
const DEFAULT_PORT = 3306;

/** The Secret key of the DSN when spec.secretTemplate is unset. */
export const DEFAULT_SECRET_KEY = 'dsn';

function highlyAvailable(mariadb: KubeObject): boolean {
  const spec = objectAt(mariadb, 'spec');
  return objectAt(spec, 'galera')?.enabled === true || objectAt(spec, 'replication')?.enabled === true;
}

async function targetPort(target: ConnectionTarget, found: KubeObject, ctx: PolicyContext): Promise<number | undefined> {
  const spec = objectAt(found, 'spec');
  if (target.kind === 'MaxScale') return (await maxScaleListeners(found, ctx))[0]?.port;
  return spec?.port === undefined ? DEFAULT_PORT : numberAt(spec, 'port');
}

function unresolvedWarning(target: ConnectionTarget, missing: string[]): FieldError {
  const hints = missing.map((field) =>
    field === 'port'
      ? target.kind === 'MaxScale'
        ? 'spec.port to the port of the MaxScale listener to use (3306 for its default service)'
        : `spec.port to the ${target.kind}'s port (3306 by default)`
      : target.kind === 'ExternalMariaDB'
        ? "spec.host to the ExternalMariaDB's spec.host"
        : `spec.host (the "${target.name}-primary" Service for a MariaDB with Galera or replication, else "${target.name}")`,
  );
  return referenceUnresolved.at(
    `spec.${target.field}.name`,
    `could not look up ${target.kind} "${target.name}" in namespace "${target.namespace}", so ${missing.map((m) => `spec.${m}`).join(' and ')} ${missing.length > 1 ? 'were' : 'was'} not defaulted: set ${hints.join(', and ')}`,
  );
}

/** Fills the defaults into `object` (the engine's clone); warns when the host or port needed a lookup that failed. */
export async function defaultConnection(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const spec = object.spec;
  if (!isObject(spec)) return [];

  const name = stringAt(object.metadata, 'name');
  if (name !== undefined) setDefault(spec, 'secretName', name);
  setDefault(spec, 'secretTemplate', { key: DEFAULT_SECRET_KEY });

  // No target, or two: nothing to default from (the rules report it).
  const target = connectionTarget(spec, ctx);
  if (!target) return [];

  const fqdn = (service: string) => `${service}.${target.namespace}.svc.${ctx.clusterDomain || DEFAULT_CLUSTER_DOMAIN}`;
  const serviceName = stringAt(spec, 'serviceName');
  // What follows from names alone is set even when the target cannot be looked up.
  if (spec.host === undefined && target.kind !== 'ExternalMariaDB') {
    if (serviceName !== undefined) spec.host = fqdn(serviceName);
    else if (target.kind === 'MaxScale' || ctx.operatorVersion === '25.10') spec.host = fqdn(target.name);
  }
  const missing = (['host', 'port'] as const).filter((field) => spec[field] === undefined);
  if (missing.length === 0) return [];

  const found = await lookUp(ctx.reader, target, ctx.group);
  if (found === 'unknown') return [unresolvedWarning(target, [...missing])];
  // A missing target gets neither: connection/reference-missing reports it.
  if (found === undefined) return [];
  if (spec.host === undefined) {
    const host =
      target.kind === 'ExternalMariaDB' ? stringAt(objectAt(found, 'spec'), 'host') : fqdn(highlyAvailable(found) ? `${target.name}-primary` : target.name);
    if (host) spec.host = host;
  }
  if (spec.port === undefined) {
    const port = await targetPort(target, found, ctx);
    if (port !== undefined) spec.port = port;
  }
  return [];
}

// A Connection's Secret name, host and port, filled in from what it refers to, so the Secret
// applications mount says where they really connect. The host is the in-cluster DNS name of the
// target's Service: https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { arrayAt, isObject, numberAt, objectAt, setDefault, stringAt } from '../object-fields.js';
import { DEFAULT_CLUSTER_DOMAIN, type PolicyContext } from '../policy-context.js';
import { referenceUnresolved } from './connection-lookup-rules.js';
import { connectionTarget, lookUp, type ConnectionTarget } from './connection-target.js';

/** The port MariaDB and MaxScale's default `rw-router` service listen on. */
const DEFAULT_PORT = 3306;

/** The first listener port of a MaxScale; the operator's default service (3306) when it has none. */
function maxScalePort(maxscale: KubeObject): number | undefined {
  const spec = objectAt(maxscale, 'spec');
  const services = arrayAt(spec, 'services');
  if (spec?.services === undefined || services?.length === 0) return DEFAULT_PORT;
  for (const service of services ?? []) {
    const port = numberAt(objectAt(service, 'listener'), 'port');
    if (port !== undefined) return port;
  }
  return undefined;
}

function mariadbPort(mariadb: KubeObject): number | undefined {
  const spec = objectAt(mariadb, 'spec');
  return spec?.port === undefined ? DEFAULT_PORT : numberAt(spec, 'port');
}

function unresolvedWarning(target: ConnectionTarget): FieldError {
  const hint =
    target.kind === 'MaxScale' ? 'the port of the MaxScale listener to use (3306 for its default service)' : "the MariaDB's spec.port (3306 by default)";
  return referenceUnresolved.at(
    `spec.${target.field}.name`,
    `could not look up ${target.kind} "${target.name}" in namespace "${target.namespace}", so spec.port was not defaulted: set spec.port to ${hint}`,
  );
}

/** Fills the defaults into `object` (the engine's clone); warns when the port needed a lookup that failed. */
export async function defaultConnection(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const spec = object.spec;
  if (!isObject(spec)) return [];

  const name = stringAt(object.metadata, 'name');
  if (name !== undefined) setDefault(spec, 'secretName', name);

  // No target, or two: nothing to default from (the rules report it).
  const target = connectionTarget(spec, ctx);
  if (!target) return [];

  // The host depends on names only, so it is set even when the target cannot be looked up.
  const service = spec.serviceName === undefined ? target.name : stringAt(spec, 'serviceName');
  if (service !== undefined) setDefault(spec, 'host', `${service}.${target.namespace}.svc.${ctx.clusterDomain || DEFAULT_CLUSTER_DOMAIN}`);

  if (spec.port !== undefined) return [];
  const found = await lookUp(ctx.reader, target, ctx.group);
  if (found === 'unknown') return [unresolvedWarning(target)];
  // A missing target gets no port: connection/reference-missing reports it.
  const port = found === undefined ? undefined : target.kind === 'MaxScale' ? maxScalePort(found) : mariadbPort(found);
  if (port !== undefined) spec.port = port;
  return [];
}

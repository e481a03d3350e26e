// A Connection's Secret name, host and port, filled in from what it refers to, so the Secret
// applications mount says where they really connect. The host is the in-cluster DNS name of the
// target's Service: https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
import type { FieldError } from '../field-error.js';
import type { DefaultResult } from '../kind-policy.js';
import type { KubeObject } from '../kube-object.js';
import { cloneJson } from '../kube-object.js';
import { arrayAt, isObject, numberAt, objectAt, setDefault, stringAt } from '../object-fields.js';
import { DEFAULT_CLUSTER_DOMAIN, type PolicyContext } from '../policy-context.js';
import { connectionTarget, lookUp, referenceUnresolved, type ConnectionTarget } from './connection-rules.js';

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
  const hint = target.kind === 'MaxScale' ? 'the port of the MaxScale listener to use (3306 for its default service)' : "the MariaDB's spec.port (3306 by default)";
  return referenceUnresolved.at(
    `spec.${target.field}.name`,
    `could not look up ${target.kind} "${target.name}" in namespace "${target.namespace}", so spec.port was not defaulted: set spec.port to ${hint}`,
  );
}

/** A defaulted clone of a Connection, and warnings for defaults that needed a lookup that failed. */
export async function defaultConnection(object: KubeObject, ctx: PolicyContext): Promise<DefaultResult> {
  const out = cloneJson(object);
  const warnings: FieldError[] = [];
  const spec = out.spec;
  if (!isObject(spec)) return { object: out, warnings };

  const name = stringAt(out.metadata, 'name');
  if (name !== undefined) setDefault(spec, 'secretName', name);

  // No target, or two: nothing to default from (validate reports it).
  const target = connectionTarget(spec, ctx);
  if (!target) return { object: out, warnings };

  // The host depends on names only, so it is set even when the target cannot be looked up.
  const service = spec.serviceName === undefined ? target.name : stringAt(spec, 'serviceName');
  if (service !== undefined) setDefault(spec, 'host', `${service}.${target.namespace}.svc.${ctx.clusterDomain || DEFAULT_CLUSTER_DOMAIN}`);

  if (spec.port === undefined) {
    const found = await lookUp(ctx.reader, target, ctx.group);
    if (found === 'unknown') warnings.push(unresolvedWarning(target));
    // A missing target gets no port: validate reports connection/reference-missing.
    else if (found !== undefined) {
      const port = target.kind === 'MaxScale' ? maxScalePort(found) : mariadbPort(found);
      if (port !== undefined) spec.port = port;
    }
  }
  return { object: out, warnings };
}

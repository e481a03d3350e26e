// A Connection through a MaxScale reaches it on the MaxScale's Service, which exposes one port per listener:
// any other spec.port is refused by MaxScale, the operator's health check never passes and applications get a
// DSN that cannot connect. Judged only when the Connection goes to the MaxScale's own Service (no other host or
// spec.serviceName), and not when the MaxScale could not be looked up.
import { DEFAULT_CLUSTER_DOMAIN } from '../policy-context.js';
import { numberAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { CONNECTION } from './connection-kind.js';
import { connectionTarget, lookUp } from './connection-target.js';
import { maxScaleListeners } from './maxscale-listeners.js';

export const maxScalePortNotListener = defineRule({
  id: 'connection/maxscale-port-not-listener',
  kinds: [CONNECTION],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: "spec.port of a Connection through spec.maxScaleRef is not the port of one of that MaxScale's listeners.",
  why: 'Nothing listens there: the Connection never becomes ready and applications get a DSN that cannot connect.',
  fix: "Set spec.port to a listener port of the MaxScale's services (3306 for its default service), or remove it to use the first one.",
  noCelTwin: 'looks the MaxScale up in the cluster',
  async check({ spec, ctx, at }) {
    const target = connectionTarget(spec, ctx);
    if (target?.kind !== 'MaxScale') return { skipped: 'not a Connection through spec.maxScaleRef' };
    const port = numberAt(spec, 'port');
    if (port === undefined) return { skipped: 'no spec.port' };
    const service = stringAt(spec, 'serviceName') ?? target.name;
    const host = stringAt(spec, 'host');
    const own = [
      service,
      `${service}.${target.namespace}`,
      `${service}.${target.namespace}.svc`,
      `${service}.${target.namespace}.svc.${ctx.clusterDomain || DEFAULT_CLUSTER_DOMAIN}`,
    ];
    if (service !== target.name || (host !== undefined && host !== '' && !own.includes(host))) {
      return { skipped: "spec.host or spec.serviceName points somewhere other than the MaxScale's Service" };
    }
    const maxscale = await lookUp(ctx.reader, target, ctx.group);
    if (maxscale === 'unknown') return { skipped: `MaxScale ${target.namespace}/${target.name} could not be looked up` };
    if (maxscale === undefined) return { skipped: 'the MaxScale does not exist (connection/reference-missing)' };
    const all = await maxScaleListeners(maxscale, ctx);
    // A listener port that is no TCP port is the MaxScale's own finding (schema/maximum); judged here too, one
    // mistake would be reported on both objects.
    const listeners = all.filter((l) => Number.isInteger(l.port) && l.port >= 1 && l.port <= 65535);
    if (listeners.length < all.length) return { skipped: `MaxScale ${target.namespace}/${target.name} has a listener port that is no TCP port` };
    if (listeners.length === 0 || listeners.some((l) => l.port === port)) return [];
    const shown = listeners.map((l) => `${l.port}${l.service ? ` (${l.service})` : ''}`).join(', ');
    return [
      at(
        'spec.port',
        `Invalid value: ${port}: MaxScale "${target.name}" listens on ${shown}: set spec.port to ${listeners.length === 1 ? String(listeners[0]!.port) : 'one of them'}, or add a service listening on ${port} to the MaxScale`,
      ),
    ];
  },
});

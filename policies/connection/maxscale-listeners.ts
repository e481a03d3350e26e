// The ports a MaxScale listens on for clients: one listener per service, after the MaxScale's own defaults
// (a MaxScale without services gets one readwritesplit service on 3306). Connections through a MaxScale use
// one of them; the first is the one the operator picks when a Connection sets no port (MaxScale.DefaultPort).
import { cloneJson, groupOf, type KubeObject } from '../kube-object.js';
import { arrayAt, numberAt, objectAt, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defaultMaxScale } from '../maxscale/maxscale-defaults.js';

export interface Listener {
  service: string | undefined;
  port: number;
}

export async function maxScaleListeners(maxscale: KubeObject, ctx: PolicyContext): Promise<Listener[]> {
  const defaulted = cloneJson(maxscale);
  // Its defaults as if it were being created: nothing of the Connection's own admission applies to it.
  await defaultMaxScale(defaulted, { ...ctx, operation: 'CREATE', oldObject: undefined, group: groupOf(maxscale.apiVersion) || ctx.group });
  const out: Listener[] = [];
  for (const service of arrayAt(objectAt(defaulted, 'spec'), 'services') ?? []) {
    const port = numberAt(objectAt(service, 'listener'), 'port');
    if (port !== undefined) out.push({ service: stringAt(service, 'name'), port });
  }
  return out;
}

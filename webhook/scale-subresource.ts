// `kubectl scale maxscale X --replicas N` reaches the webhook as an autoscaling/v1 Scale on the scale
// subresource, not as a MaxScale (fixtures 013/014): the MaxScale itself comes from the cluster reader.
// `kubectl scale galera` gets the Galera operator's replica rule (odd, 3 to 9).
import type { ClusterReader } from '../policies/cluster-reader.js';
import type { FieldError } from '../policies/field-error.js';
import { replicasFinding } from '../policies/galera-operator/galera-rules.js';
import { MAXSCALE_RULES } from '../policies/maxscale/maxscale-rules-catalog.js';
import { numberAt, objectAt, stringAt } from '../policies/object-fields.js';
import type { AdmissionRequest } from './admission-review.js';

/** The kind a scale request's resource is, for the denial message. */
export function scaledKind(request: AdmissionRequest): string {
  return request.resource.resource === 'galeras' ? 'Galera' : request.resource.resource === 'maxscales' ? 'MaxScale' : request.kind.kind;
}

export async function validateScale(request: AdmissionRequest, reader: ClusterReader): Promise<FieldError[]> {
  if (request.resource.resource === 'galeras') {
    const finding = replicasFinding(request.object?.spec?.replicas);
    return finding ? [finding] : [];
  }
  if (request.resource.resource !== 'maxscales') return [];
  const replicas = numberAt(request.object?.spec, 'replicas');
  if (replicas === undefined || replicas <= 1) return [];
  const name = request.name ?? request.object?.metadata?.name;
  if (!name) return [];
  const stored = await reader.get({ kind: 'MaxScale', namespace: request.namespace ?? 'default', name, group: request.resource.group });
  // Gone: the API server answers that itself. Unknown (the cluster could not be asked): let it through
  // rather than block every scale while the API server is unreachable, but say it was not checked.
  if (stored === undefined) return [];
  if (stored === 'unknown') {
    return [MAXSCALE_RULES.scaleUnchecked.at('spec.replicas', `MaxScale ${name} could not be read: cooperativeMonitoring not checked`)];
  }
  if (stringAt(objectAt(stored.spec, 'monitor'), 'cooperativeMonitoring') !== undefined) return [];
  return [
    MAXSCALE_RULES.scaleWithoutCooperativeMonitoring.at(
      'spec.replicas',
      `Forbidden: ${replicas} MaxScale replicas would each run their own monitor; set spec.monitor.cooperativeMonitoring: majority_of_all on MaxScale ${name} first`,
    ),
  ];
}

// The PetSet CRD's structural defaults for a PlacementPolicy (kubebuilder:default), which the API server
// applies: the linter shows, and the rules judge, the object as it will be stored.
// https://github.com/kubeops/petset/blob/master/apis/apps/v1/placementpolicy_types.go
import type { KubeObject } from '../kube-object.js';
import { arrayAt, isObject, objectAt, setDefault } from '../object-fields.js';

/** Fills the defaults into `object` (the engine's clone). */
export function defaultPlacementPolicy(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  for (const key of ['zoneSpreadConstraint', 'nodeSpreadConstraint']) {
    const constraint = spec[key];
    if (!isObject(constraint)) continue;
    setDefault(constraint, 'maxSkew', 1);
    setDefault(constraint, 'whenUnsatisfiable', 'DoNotSchedule');
  }
  for (const rule of arrayAt(objectAt(spec, 'affinity'), 'nodeAffinity') ?? []) {
    if (!isObject(rule)) continue;
    setDefault(rule, 'whenUnsatisfiable', 'DoNotSchedule');
    setDefault(rule, 'weight', 50);
  }
}

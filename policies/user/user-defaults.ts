// A User's defaults, as the operator's CRD and finalizer apply them. spec.host is not defaulted: the operator
// reads an unset host as '%' but never writes it, and the field is immutable, so writing '%' into a User stored
// without it would make its webhook refuse every later update.
import type { KubeObject } from '../kube-object.js';
import { isObject, setDefault } from '../object-fields.js';
import { defaultCleanupPolicy } from '../sql-resource-defaults.js';

export function defaultUser(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  setDefault(spec, 'maxUserConnections', 10);
  defaultCleanupPolicy(spec);
}

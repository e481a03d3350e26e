// A Grant's defaults, as the operator's CRD and finalizer apply them: on every table of every database, without
// GRANT OPTION. spec.host is not defaulted: the operator reads an unset host as '%' but never writes it, and the
// field is immutable, so writing '%' into a Grant stored without it would make its webhook refuse later updates.
import type { KubeObject } from '../kube-object.js';
import { isObject, setDefault } from '../object-fields.js';
import { defaultCleanupPolicy } from '../sql-resource-defaults.js';

export function defaultGrant(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  setDefault(spec, 'database', '*');
  setDefault(spec, 'table', '*');
  setDefault(spec, 'grantOption', false);
  defaultCleanupPolicy(spec);
}

// A Database's defaults, as the operator's CRD and finalizer apply them: the character set and collation of
// CREATE DATABASE, what happens to it on deletion. Only unset fields are filled.
import type { KubeObject } from '../kube-object.js';
import { isObject, setDefault } from '../object-fields.js';
import { defaultCleanupPolicy } from '../sql-resource-defaults.js';

export function defaultDatabase(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  setDefault(spec, 'characterSet', 'utf8');
  setDefault(spec, 'collate', 'utf8_general_ci');
  defaultCleanupPolicy(spec);
}

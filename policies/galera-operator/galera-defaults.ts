// The defaults the Galera operator documents in its API (pkg/apis/apigalera/v1beta2/galera_types.go), written
// into the object as the mutating webhook would: "By default port 9104 is provided" for the metrics sidecar
// (the operator dereferences the port, so an unset one stops it) and "The default value is 10" for
// revisionHistoryLimit. Nothing else: GaleraBackup, UpgradeConfig and UpgradeRule document no defaults.
import type { KubeObject } from '../kube-object.js';
import { objectAt, setDefault } from '../object-fields.js';

export const DEFAULT_METRIC_PORT = 9104;
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** Fills the documented defaults into `object` (the engine's clone); what the user wrote is never changed. */
export function defaultGalera(object: KubeObject): void {
  // A spec that is missing or no object is the schema's finding: nothing to fill in.
  const spec = objectAt(object, 'spec');
  if (!spec) return;
  setDefault(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  // Only a sidecar the user asked for gets a port: the defaults add no metrics sidecar.
  const metric = objectAt(objectAt(spec, 'pod'), 'metric');
  if (metric) setDefault(metric, 'port', DEFAULT_METRIC_PORT);
}

// Readers shared by the MariaDB defaults and rules: how the operator reads the HA switches, an unset
// spec.replicas, and the name of the MaxScale it creates for spec.maxScale.
import { numberAt, objectAt, type JsonObject } from '../object-fields.js';

/** Name of the MaxScale the operator creates for `spec.maxScale.enabled` (its `<mariadb>-maxscale`). */
export function embeddedMaxScaleName(mariadbName: string): string {
  return `${mariadbName}-maxscale`;
}

/** Whether a high-availability method is on; anything but `enabled: true` is off, as the operator reads it. */
export function enabled(spec: JsonObject, method: 'galera' | 'replication'): boolean {
  return objectAt(spec, method)?.enabled === true;
}

/** spec.replicas as the operator reads it: 1 when unset; undefined when mistyped (the schema reports it). */
export function replicasOf(spec: JsonObject): number | undefined {
  if (spec.replicas === undefined) return 1;
  return numberAt(spec, 'replicas');
}

/** The count for a message, saying when it is the operator's default rather than something the user wrote. */
export function replicasText(spec: JsonObject, replicas: number): string {
  return spec.replicas === undefined ? `${replicas} (the default)` : String(replicas);
}

// What a Connection points at (spec.mariaDbRef or spec.maxScaleRef) and the lookup of it, shared by the
// defaults (which take the port from it) and the rules (which say when it does not exist).
import type { ClusterReader } from '../cluster-reader.js';
import type { KubeObject } from '../kube-object.js';
import { objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { referencedDatabaseKind, type DatabaseKind } from '../database-ref.js';

/** An object a Connection refers to; a mistyped reference (no string name) is not one. */
export interface ConnectionTarget {
  kind: DatabaseKind | 'MaxScale';
  field: 'mariaDbRef' | 'maxScaleRef';
  name: string;
  namespace: string;
}

const REFERENCES = [
  { field: 'mariaDbRef', kind: (ref: JsonObject | undefined) => referencedDatabaseKind(ref) },
  { field: 'maxScaleRef', kind: () => 'MaxScale' as const },
] as const;

/** Every well-formed reference of the spec, MariaDB first; two when the user set both. */
export function referencesOf(spec: JsonObject, ctx: PolicyContext): ConnectionTarget[] {
  const out: ConnectionTarget[] = [];
  for (const { field, kind } of REFERENCES) {
    const ref = objectAt(spec, field);
    const name = stringAt(ref, 'name');
    if (name !== undefined) out.push({ kind: kind(ref), field, name, namespace: stringAt(ref, 'namespace') ?? ctx.namespace });
  }
  return out;
}

/** The one object a Connection targets; undefined when there is none, two, or a mistyped reference. */
export function connectionTarget(spec: JsonObject, ctx: PolicyContext): ConnectionTarget | undefined {
  if (spec.mariaDbRef !== undefined && spec.maxScaleRef !== undefined) return undefined;
  const [target] = referencesOf(spec, ctx);
  return target;
}

/** The target as the reader finds it (the engine's reader answers 'unknown' for a reader that failed). */
export function lookUp(reader: ClusterReader, target: ConnectionTarget, group?: string): Promise<KubeObject | undefined | 'unknown'> {
  return reader.get({ kind: target.kind, namespace: target.namespace, name: target.name, ...(group ? { group } : {}) });
}

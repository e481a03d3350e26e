// What a MaxScale learns from the MariaDB of its spec.mariaDbRef: the servers (one per pod, by the pod's
// DNS name in the MariaDB's headless `-internal` Service) and the monitor module.
import type { KubeObject } from '../kube-object.js';
import { booleanAt, objectAt, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { referencedDatabaseKind, type DatabaseKind } from '../database-ref.js';

export type HaMode = 'galera' | 'replication' | 'none';

export interface MariaDBReference {
  /** MariaDB, or ExternalMariaDB when the reference says `kind: ExternalMariaDB`. */
  kind: DatabaseKind;
  name: string;
  namespace: string;
  /** The MariaDB, `undefined` when it does not exist, `'unknown'` when the cluster could not be asked. */
  found: KubeObject | undefined | 'unknown';
}

export async function lookupReferencedMariaDB(maxscale: KubeObject, ctx: PolicyContext): Promise<MariaDBReference | undefined> {
  const ref = objectAt(maxscale.spec, 'mariaDbRef');
  const name = stringAt(ref, 'name');
  if (!name) return undefined;
  const namespace = stringAt(ref, 'namespace') ?? maxscale.metadata?.namespace ?? ctx.namespace;
  const kind = referencedDatabaseKind(ref);
  return { kind, name, namespace, found: await ctx.reader.get({ kind, namespace, name, group: ctx.group }) };
}

export function haModeOf(mariadb: KubeObject): HaMode {
  if (booleanAt(objectAt(mariadb.spec, 'galera'), 'enabled') === true) return 'galera';
  if (booleanAt(objectAt(mariadb.spec, 'replication'), 'enabled') === true) return 'replication';
  return 'none';
}

export function moduleFor(mode: HaMode): 'galeramon' | 'mariadbmon' | undefined {
  return mode === 'galera' ? 'galeramon' : mode === 'replication' ? 'mariadbmon' : undefined;
}

// The MariaDB (or ExternalMariaDB) a Database, User, Grant or SqlJob runs its SQL in: the operator waits for a
// missing one (the object stays not ready, nothing is created), so a reference to nothing is a warning; a
// MariaDB the cluster could not be asked about is not judged.
import type { ClusterReader } from './cluster-reader.js';
import { referencedDatabaseKind, type DatabaseKind } from './database-ref.js';
import type { KubeObject } from './kube-object.js';
import { objectAt, stringAt } from './object-fields.js';
import type { PolicyContext } from './policy-context.js';
import { defineRule, type KindRef, type Rule } from './rule.js';

export interface ReferencedDatabase {
  kind: DatabaseKind;
  name: string;
  namespace: string;
  found: KubeObject | undefined | 'unknown';
}

/** The object spec.mariaDbRef names, as the reader finds it; undefined when there is no well-formed reference. */
export async function lookUpMariaDbRef(
  spec: unknown,
  ctx: Pick<PolicyContext, 'namespace' | 'group'> & { reader: ClusterReader },
): Promise<ReferencedDatabase | undefined> {
  const ref = objectAt(spec, 'mariaDbRef');
  const name = stringAt(ref, 'name');
  if (name === undefined || name === '') return undefined;
  const kind = referencedDatabaseKind(ref);
  const namespace = stringAt(ref, 'namespace') ?? ctx.namespace;
  const found = await ctx.reader.get({ kind, namespace, name, group: ctx.group });
  return { kind, name, namespace, found };
}

export function mariadbRefNotFoundRule(area: string, kind: KindRef): Rule {
  return defineRule({
    id: `${area}/mariadb-not-found`,
    kinds: [kind],
    severity: 'warning',
    reason: 'FieldValueNotFound',
    what: 'spec.mariaDbRef names a MariaDB (or, with kind ExternalMariaDB, an ExternalMariaDB) that does not exist.',
    why: `The operator waits for it: the ${kind.kind} stays not ready and nothing is done in MariaDB (fine if you create the MariaDB next).`,
    fix: 'Create the MariaDB, or correct spec.mariaDbRef.name, .namespace and .kind.',
    noCelTwin: 'looks the referenced object up in the cluster',
    async check({ spec, ctx, at }) {
      const ref = await lookUpMariaDbRef(spec, ctx);
      if (!ref) return { skipped: 'no spec.mariaDbRef.name to look up' };
      if (ref.found === 'unknown') return { skipped: `${ref.kind} ${ref.namespace}/${ref.name} could not be looked up` };
      if (ref.found !== undefined) return [];
      return [
        at(
          'spec.mariaDbRef.name',
          `Not found: ${ref.kind} "${ref.name}" in namespace "${ref.namespace}": the ${kind.kind} stays not ready until it exists; create it, or correct spec.mariaDbRef${ref.kind === 'MariaDB' ? ' (set kind: ExternalMariaDB for a server the operator does not run)' : ''}`,
        ),
      ];
    },
  });
}

/** The reference every policy using these helpers declares. */
export const MARIADB_REFERENCES = (kind: string) =>
  [
    { kind: 'MariaDB', group: 'own', why: `the MariaDB of spec.mariaDbRef is checked to exist before the ${kind} waits for it`, watched: true },
    {
      kind: 'ExternalMariaDB',
      group: 'own',
      why: `a spec.mariaDbRef of kind ExternalMariaDB is checked to exist before the ${kind} waits for it`,
      watched: true,
    },
  ] as const;

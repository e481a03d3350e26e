// The database a Backup, Restore or PhysicalBackup reads through spec.mariaDbRef. A Backup follows the reference's
// kind (a MariaDB, or an ExternalMariaDB the operator does not run); Restore and PhysicalBackup are resolved by the
// operator as a MariaDB whatever the kind says (pkg/refresolver: MariaDB ignores ref.kind).
import type { KubeObject } from '../kube-object.js';
import { objectAt, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule, type KindRef, type Rule } from '../rule.js';
import { referencedDatabaseKind, type DatabaseKind } from '../database-ref.js';

export interface DatabaseReference {
  /** The kind looked up. */
  kind: DatabaseKind;
  /** The kind the reference names. */
  declared: DatabaseKind;
  name: string;
  namespace: string;
  found: KubeObject | undefined | 'unknown';
}

export async function lookupDatabase(
  object: KubeObject,
  ctx: PolicyContext,
  resolution: 'by-ref-kind' | 'always-mariadb',
): Promise<DatabaseReference | undefined> {
  const ref = objectAt(object.spec, 'mariaDbRef');
  const name = stringAt(ref, 'name');
  if (!name) return undefined;
  const namespace = stringAt(ref, 'namespace') || object.metadata?.namespace || ctx.namespace;
  const declared = referencedDatabaseKind(ref);
  const kind = resolution === 'by-ref-kind' ? declared : 'MariaDB';
  return { kind, declared, name, namespace, found: await ctx.reader.get({ kind, namespace, name, group: ctx.group }) };
}

export function databaseNotFoundRule(id: string, kinds: readonly KindRef[], kindName: string, resolution: 'by-ref-kind' | 'always-mariadb'): Rule {
  return defineRule({
    id,
    kinds,
    severity: 'warning',
    reason: 'FieldValueNotFound',
    what: `spec.mariaDbRef of a ${kindName} names a ${resolution === 'by-ref-kind' ? 'MariaDB or ExternalMariaDB' : 'MariaDB'} that does not exist (in the cluster, or among the linted files).`,
    why: `The operator cannot find the database: the ${kindName} fails and is retried until it appears.`,
    fix:
      resolution === 'by-ref-kind'
        ? 'Create the MariaDB (or ExternalMariaDB, with mariaDbRef.kind: ExternalMariaDB), or fix the name and namespace of the reference.'
        : 'Create the MariaDB, or fix the name and namespace of the reference; the operator only works with a MariaDB it runs here.',
    noCelTwin: 'it looks the database up in the cluster',
    async check({ object, ctx, at }) {
      const ref = await lookupDatabase(object, ctx, resolution);
      if (!ref) return { skipped: 'no spec.mariaDbRef.name' };
      if (ref.found === 'unknown') return { skipped: `${ref.kind} ${ref.namespace}/${ref.name} could not be looked up` };
      if (ref.found !== undefined) return [];
      const external =
        ref.declared !== ref.kind
          ? `; mariaDbRef.kind says ${ref.declared}, but the operator looks up a MariaDB for a ${kindName}: it only works with a MariaDB it runs`
          : '';
      return [at('spec.mariaDbRef.name', `${ref.kind} ${ref.namespace}/${ref.name} does not exist; create it or fix the reference${external}`)];
    },
  });
}

/** A rule for a same-namespace reference (a LocalObjectReference) to another kind of the family. */
export function localReferenceNotFoundRule(spec: {
  id: string;
  kinds: readonly KindRef[];
  path: string;
  targetKind: string;
  what: string;
  why: string;
  fix: string;
  /** Why the reference does not matter for this object, when it does not (a Restore with its own source). */
  unused?: (spec: Record<string, unknown>) => string | undefined;
}): Rule {
  const { path, targetKind, unused, ...text } = spec;
  return defineRule({
    ...text,
    severity: 'warning',
    reason: 'FieldValueNotFound',
    noCelTwin: `it looks the ${targetKind} up in the cluster`,
    async check({ object, spec: objectSpec, ctx, at }) {
      const [, field] = path.split('.');
      const name = stringAt(objectAt(objectSpec, field!), 'name');
      if (!name) return { skipped: `no ${path}.name` };
      const notUsed = unused?.(objectSpec);
      if (notUsed) return { skipped: notUsed };
      const namespace = object.metadata?.namespace || ctx.namespace;
      const found = await ctx.reader.get({ kind: targetKind, namespace, name, group: ctx.group });
      if (found === 'unknown') return { skipped: `${targetKind} ${namespace}/${name} could not be looked up` };
      if (found !== undefined) return [];
      return [at(`${path}.name`, `${targetKind} ${namespace}/${name} does not exist; create it or fix ${path}.name (it must be in the same namespace)`)];
    },
  });
}

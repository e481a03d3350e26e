// spec.maxScaleRef hands the MariaDB's failover to a MaxScale: that MaxScale has to exist and to monitor this
// MariaDB (its spec.mariaDbRef names it back), or the operator waits for a MaxScale that never reports a
// primary, or takes switchovers from one watching another cluster. The operator's webhook does not look;
// these rules do, when the cluster (or the lint run) can answer.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/docs/maxscale.md
import type { KubeObject } from '../kube-object.js';
import { objectAt, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule, type Skipped } from '../rule.js';
import { embeddedMaxScaleName } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

const READS_CLUSTER = 'looks up the MaxScale of spec.maxScaleRef in the cluster';

interface MaxScaleLookup {
  name: string;
  namespace: string;
  found: KubeObject;
}

/** The MaxScale of spec.maxScaleRef, or why it cannot be judged (no ref, the embedded one, unknown), or `undefined` when it does not exist. */
async function lookupMaxScale(
  object: KubeObject,
  spec: Record<string, unknown>,
  ctx: PolicyContext,
): Promise<MaxScaleLookup | Skipped | { missing: { name: string; namespace: string } }> {
  const ref = objectAt(spec, 'maxScaleRef');
  const name = stringAt(ref, 'name');
  if (!name) return { skipped: 'no spec.maxScaleRef' };
  const ownNamespace = stringAt(object.metadata, 'namespace') ?? ctx.namespace;
  const namespace = stringAt(ref, 'namespace') ?? ownNamespace;
  const own = stringAt(object.metadata, 'name');
  // The operator (25.10) creates the embedded MaxScale itself and points maxScaleRef at it: it may not exist yet.
  if (objectAt(spec, 'maxScale')?.enabled === true && own !== undefined && name === embeddedMaxScaleName(own) && namespace === ownNamespace) {
    return { skipped: 'spec.maxScaleRef names the MaxScale the operator creates for spec.maxScale' };
  }
  const found = await ctx.reader.get({ kind: 'MaxScale', namespace, name, group: ctx.group });
  if (found === 'unknown') return { skipped: 'the MaxScale of spec.maxScaleRef could not be looked up' };
  if (found === undefined) return { missing: { name, namespace } };
  return { name, namespace, found };
}

export const maxScaleRefNotFound = defineRule({
  id: 'mariadb/maxscale-ref-not-found',
  kinds: [MARIADB],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'spec.maxScaleRef names a MaxScale that does not exist (in the cluster, or among the linted files).',
  why: 'The MariaDB delegates primary failover to it: until it exists nothing fails over, and the operator keeps waiting for it. A warning, as the MaxScale may simply be applied after the MariaDB.',
  fix: 'Create the MaxScale (its spec.mariaDbRef naming this MariaDB), or fix the name and namespace of spec.maxScaleRef.',
  noCelTwin: READS_CLUSTER,
  async check({ object, spec, ctx, at }) {
    const lookup = await lookupMaxScale(object, spec, ctx);
    if ('skipped' in lookup) return lookup;
    if (!('missing' in lookup)) return [];
    const { name, namespace } = lookup.missing;
    return [
      at(
        'spec.maxScaleRef.name',
        `Not found: MaxScale ${namespace}/${name} does not exist: create it with spec.mariaDbRef naming this MariaDB, or fix spec.maxScaleRef`,
      ),
    ];
  },
});

export const maxScaleRefNotPointingBack = defineRule({
  id: 'mariadb/maxscale-ref-not-pointing-back',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.maxScaleRef names a MaxScale whose spec.mariaDbRef does not name this MariaDB.',
  why: "That MaxScale monitors another database: the operator would take this cluster's primary from it, and failover would never happen or pick a server of another cluster.",
  fix: "Point spec.maxScaleRef at the MaxScale that monitors this MariaDB, or set that MaxScale's spec.mariaDbRef to this MariaDB.",
  noCelTwin: READS_CLUSTER,
  async check({ object, spec, ctx, at }) {
    const lookup = await lookupMaxScale(object, spec, ctx);
    if ('skipped' in lookup) return lookup;
    if ('missing' in lookup) return { skipped: 'the MaxScale does not exist (mariadb/maxscale-ref-not-found)' };
    const own = stringAt(object.metadata, 'name');
    if (own === undefined) return { skipped: 'the MariaDB has no name to compare with' };
    const ownNamespace = stringAt(object.metadata, 'namespace') ?? ctx.namespace;
    const back = objectAt(lookup.found.spec, 'mariaDbRef');
    const backName = stringAt(back, 'name');
    // A MaxScale may list this MariaDB's Pods as spec.servers instead: which MariaDB it monitors is then not declared.
    if (backName === undefined) return { skipped: 'the MaxScale has no spec.mariaDbRef (its servers are listed): which MariaDB it monitors is not declared' };
    // The MaxScale's reference is resolved in the MaxScale's own namespace when it names none.
    const backNamespace = stringAt(back, 'namespace') ?? stringAt(lookup.found.metadata, 'namespace') ?? lookup.namespace;
    const backKind = stringAt(back, 'kind') ?? 'MariaDB';
    if (backName === own && backNamespace === ownNamespace && backKind === 'MariaDB') return [];
    const names =
      backName === undefined ? 'has no spec.mariaDbRef' : `has spec.mariaDbRef ${backKind === 'MariaDB' ? '' : `${backKind} `}${backNamespace}/${backName}`;
    return [
      at(
        'spec.maxScaleRef.name',
        `Invalid value: "${lookup.name}": MaxScale ${lookup.namespace}/${lookup.name} ${names}, not this MariaDB ${ownNamespace}/${own}: point spec.maxScaleRef at the MaxScale that monitors this MariaDB, or set that MaxScale's spec.mariaDbRef to it`,
      ),
    ];
  },
});

// A MariaDB has one MaxScale in front of it: the embedded one the operator creates for spec.maxScale, or
// another named by spec.maxScaleRef, never both (two proxies would fight over the primary).
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, stringAt } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule } from '../rule.js';
import { embeddedMaxScaleName } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

export const maxScaleRefConflict = defineRule({
  id: 'mariadb/maxscale-ref-conflict',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.maxScale.enabled is true and spec.maxScaleRef names a MaxScale other than the embedded one.',
  why: 'The operator would create the embedded MaxScale and also delegate failover to another one: two proxies would fight over the primary.',
  fix: 'Remove spec.maxScaleRef to use the embedded MaxScale, or remove spec.maxScale to use your own MaxScale.',
  noCelTwin: "the embedded MaxScale's name is made from metadata.name, which only a rule at the object's root may read, and mdbkit's CEL rules sit under spec",
  check({ object, spec, ctx, at }) {
    const ref = spec.maxScaleRef;
    if (objectAt(spec, 'maxScale')?.enabled !== true || ref === undefined || isEmbeddedMaxScaleRef(object, ref, ctx)) return [];
    const named = stringAt(ref, 'name');
    const which = named !== undefined ? `names MaxScale "${named}"` : 'is set';
    const name = stringAt(object.metadata, 'name');
    const embedded = name !== undefined ? ` "${embeddedMaxScaleName(name)}"` : '';
    return [
      at(
        'spec.maxScaleRef',
        `Forbidden: spec.maxScaleRef ${which} while spec.maxScale.enabled creates the embedded MaxScale${embedded}: remove spec.maxScaleRef to use the embedded one, or remove spec.maxScale to use your own`,
      ),
    ];
  },
});

/**
 * The operator sets maxScaleRef to the MaxScale it creates for spec.maxScale, and so do the defaults: a ref
 * to exactly `<name>-maxscale` in the same namespace is that MaxScale, not a second one, so defaulted objects
 * (and users who copy the operator's output) pass.
 */
function isEmbeddedMaxScaleRef(object: KubeObject, ref: unknown, ctx: PolicyContext): boolean {
  const name = stringAt(object.metadata, 'name');
  if (name === undefined || !isObject(ref)) return false;
  const ownNamespace = stringAt(object.metadata, 'namespace') ?? ctx.namespace;
  const keys = Object.keys(ref).filter((k) => ref[k] !== undefined);
  const namespaceOk = ref.namespace === undefined || ref.namespace === ownNamespace;
  return ref.name === embeddedMaxScaleName(name) && namespaceOk && keys.every((k) => k === 'name' || k === 'namespace');
}

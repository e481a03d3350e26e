// The MaxScale a MariaDB embeds (spec.maxScale, operator 25.10; 26.6 removed it): the operator builds a MaxScale
// named `<mariadb>-maxscale` from it, pointing at this MariaDB, and defaults that MaxScale as any other. Writing
// those defaults into spec.maxScale shows users what they get. The seed ("MaxScale embedded in MariaDB") says it
// is meant for a single replica and no later changes: the operator copies a field to the MaxScale only while the
// MaxScale's own field is still unset, so later edits to spec.maxScale are not applied.
import { groupOf, type KubeObject } from '../kube-object.js';
import { isObject, numberAt, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { applyMaxScaleDefaults } from '../maxscale/maxscale-defaults.js';
import { embeddedMaxScaleName } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

// The fields of the operator's MariaDBMaxScaleSpec the MaxScale defaults may fill; the rest (servers, pod
// settings) belong to the MaxScale the operator builds, not to the MariaDB.
const EMBEDDED_FIELDS = [
  'services',
  'monitor',
  'admin',
  'config',
  'auth',
  'metrics',
  'tls',
  'connection',
  'replicas',
  'kubernetesService',
  'guiKubernetesService',
  'requeueInterval',
];

/** Fills the MaxScale defaults into an enabled spec.maxScale of `mariadb` (the engine's clone, already defaulted). */
export function defaultEmbeddedMaxScale(mariadb: KubeObject): void {
  const embedded = objectAt(mariadb.spec, 'maxScale');
  const name = stringAt(mariadb.metadata, 'name');
  if (!embedded || embedded.enabled !== true || name === undefined) return;
  // The MaxScale the operator builds: this spec, pointing at this MariaDB.
  const built: JsonObject = { ...embedded, mariaDbRef: { name } };
  applyMaxScaleDefaults(built, { name: embeddedMaxScaleName(name), group: groupOf(mariadb.apiVersion), mariadb, mariadbName: name });
  for (const field of EMBEDDED_FIELDS) {
    if (embedded[field] === undefined && built[field] !== undefined) embedded[field] = built[field];
  }
}

export const embeddedMaxScaleReplicas = defineRule({
  id: 'mariadb/embedded-maxscale-replicas',
  kinds: [MARIADB],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'spec.maxScale (operator 25.10) enabled with more than one replica.',
  why: 'The embedded MaxScale is meant for a single replica with no later changes: the operator copies spec.maxScale to the MaxScale only once, so what a highly available MaxScale needs later cannot be changed from the MariaDB.',
  fix: 'Use spec.maxScale.replicas: 1, or create a dedicated MaxScale resource (spec.mariaDbRef) and point spec.maxScaleRef at it.',
  noCelTwin: 'a warning: a CEL validation can only refuse',
  check({ spec, ctx, at }) {
    // 26.6 has no spec.maxScale: the schema reports the field there.
    if (ctx.operatorVersion !== undefined && ctx.operatorVersion !== '25.10') return { skipped: 'spec.maxScale exists only in operator 25.10' };
    const embedded = objectAt(spec, 'maxScale');
    const replicas = numberAt(embedded, 'replicas');
    if (!isObject(embedded) || embedded.enabled !== true || replicas === undefined || replicas <= 1) return [];
    return [
      at(
        'spec.maxScale.replicas',
        `Invalid value: ${replicas}: the embedded MaxScale is intended for a single replica; set 1, or use a dedicated MaxScale resource for high availability`,
      ),
    ];
  },
});

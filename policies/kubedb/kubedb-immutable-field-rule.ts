// What an UPDATE cannot change, for the two kinds whose operators only read some fields at creation: a KubeDB
// MariaDB's storage type (its pods' volumes) and its init once run, and a SliceConfig's network and gateways
// (KubeSlice's preventUpdate). One rule id for both, as the catalog has always had it, so a denial reads the
// same whichever operator would refuse; each kind is compared on its own fields.
// https://github.com/kubedb/apimachinery/blob/master/apis/kubedb/v1/mariadb_webhook.go (ValidateUpdate),
// https://github.com/kubeslice/kubeslice-controller/blob/master/service/slice_config_webhook_validation.go (preventUpdate)
import type { FieldError } from '../field-error.js';
import { immutableFieldsRule, immutableMessage, jsonEqual } from '../immutable-fields.js';
import { isObject, objectAt } from '../object-fields.js';
import { defineRule, type RuleInput } from '../rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';
import { SLICE_CONFIG } from './slice-config-kind.js';

const TEXT = {
  id: 'kubedb/immutable-field',
  what: 'An update changes a field KubeDB or KubeSlice only reads when the object is created.',
  why: 'The operator\'s webhook refuses the update ("precondition failed"), or the change would be stored but never applied.',
  fix: 'Revert the field; the message says how to make the change another way.',
};

const NEW_DATABASE = 'create a new MariaDB with the value you want and migrate the data (backup and restore)';

// Unset means Durable on both sides, so writing the default out is not a change.
const mariadbFields = immutableFieldsRule({
  ...TEXT,
  kinds: [KUBEDB_MARIADB],
  fields: [{ path: 'spec.storageType', how: `the pods' volumes cannot switch between PersistentVolumeClaims and emptyDir; ${NEW_DATABASE}`, unset: 'Durable' }],
});

const INIT = { path: 'spec.init', how: 'the database has been initialized, so spec.init is no longer read; run scripts against the database directly' };

const SLICE_HOW = 'a slice keeps its network and gateways for life; create a new SliceConfig and move the namespaces to it';

// Unset means the CRD default on both sides. A slice without a subnet has none, so giving it one later is a
// change too (null compares unequal to any subnet).
const sliceFields = immutableFieldsRule({
  ...TEXT,
  kinds: [SLICE_CONFIG],
  fields: [
    { path: 'spec.sliceSubnet', how: SLICE_HOW, unset: null },
    { path: 'spec.sliceType', how: SLICE_HOW, unset: 'Application' },
    { path: 'spec.sliceGatewayProvider.sliceGatewayType', how: SLICE_HOW, unset: 'OpenVPN' },
    { path: 'spec.sliceGatewayProvider.sliceCaType', how: SLICE_HOW, unset: 'Local' },
    { path: 'spec.sliceIpamType', how: SLICE_HOW, unset: 'Local' },
  ],
});

async function mariadbChanges(input: RuleInput): Promise<FieldError[]> {
  const oldSpec = objectAt(input.ctx.oldObject, 'spec');
  // KubeDB compares specs: with either side missing one, that is the schema's finding (spec is required).
  if (!oldSpec || !isObject(input.object.spec)) return [];
  const changes = [...((await mariadbFields.check!(input)) as FieldError[])];
  // spec.init is read until KubeDB marks it initialized; from then on any change to it is ignored.
  if (objectAt(oldSpec, 'init')?.initialized === true && !jsonEqual(oldSpec.init, input.spec.init)) {
    changes.push(input.at(INIT.path, immutableMessage(INIT.how, oldSpec.init)));
  }
  return changes;
}

export const immutableField = defineRule({
  ...TEXT,
  kinds: [KUBEDB_MARIADB, SLICE_CONFIG],
  noCelTwin:
    "compares an update with the stored object (the operator's defaults standing in for unset fields, spec.init once initialized), which the webhook reads",
  severity: 'error',
  reason: 'FieldValueForbidden',
  on: ['UPDATE'],
  immutableFields: [...mariadbFields.immutableFields!, INIT, ...sliceFields.immutableFields!],
  check(input) {
    return input.object.kind === SLICE_CONFIG.kind ? sliceFields.check!(input) : mariadbChanges(input);
  },
});

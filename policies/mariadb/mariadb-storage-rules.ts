// Where the MariaDB keeps its data: an emptyDir only for a throwaway single server, otherwise volume claims
// the operator can build. A mistyped spec or spec.storage is the schema's finding, not these rules'.
// https://github.com/mariadb-operator/mariadb-operator/blob/main/api/v1alpha1/mariadb_types.go (Storage.Validate)
import { isObject, objectAt } from '../object-fields.js';
import { compareQuantities } from '../quantity.js';
import { defineRule } from '../rule.js';
import { enabled, replicasOf } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

export const ephemeralStorageHa = defineRule({
  id: 'mariadb/ephemeral-storage-ha',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.storage.ephemeral is true for more than one replica, or with Galera or replication.',
  why: 'An emptyDir is wiped whenever its pod moves or restarts: every restart turns into a full resync, and losing all pods loses the data.',
  fix: 'Remove spec.storage.ephemeral and set spec.storage.size; keep ephemeral storage for a throwaway single server.',
  check({ spec, at }) {
    if (objectAt(spec, 'storage')?.ephemeral !== true) return [];
    const replicas = replicasOf(spec);
    if (!enabled(spec, 'galera') && !enabled(spec, 'replication') && (replicas === undefined || replicas <= 1)) return [];
    return [
      at(
        'spec.storage.ephemeral',
        'Forbidden: ephemeral storage is wiped when a pod restarts, so it is only for a single replica without Galera or replication: remove spec.storage.ephemeral and set spec.storage.size',
      ),
    ];
  },
});

export const storageSizeRequired = defineRule({
  id: 'mariadb/storage-size-required',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'spec.storage has neither size nor volumeClaimTemplate (and is not ephemeral).',
  why: 'The operator cannot build the PersistentVolumeClaims, so the StatefulSet is never created.',
  fix: 'Set spec.storage.size (such as 1Gi), or a full spec.storage.volumeClaimTemplate.',
  check({ object, spec, at }) {
    if (!isObject(object.spec) || (spec.storage !== undefined && !isObject(spec.storage))) return [];
    const storage = objectAt(spec, 'storage');
    if (storage?.ephemeral === true || storage?.size !== undefined || storage?.volumeClaimTemplate !== undefined) return [];
    return [
      at(
        'spec.storage.size',
        'Required value: set spec.storage.size (such as 1Gi) or spec.storage.volumeClaimTemplate, so the operator can create the data volumes',
      ),
    ];
  },
});

/** spec.storage unless it is ephemeral: the operator checks sizes only for volume claims. */
function claimedStorage(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  const storage = objectAt(spec, 'storage');
  return storage?.ephemeral === true ? undefined : storage;
}

function quantityText(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export const ephemeralStorageWithSize = defineRule({
  id: 'mariadb/ephemeral-storage-with-size',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.storage.ephemeral is true while spec.storage.size or spec.storage.volumeClaimTemplate is set.',
  why: 'Ephemeral storage is an emptyDir, with no volume claim to size; the operator refuses a MariaDB that asks for both.',
  fix: 'Remove spec.storage.size and spec.storage.volumeClaimTemplate, or remove spec.storage.ephemeral to keep the data on volumes.',
  pointsAtKey: true,
  check({ spec, at }) {
    const storage = objectAt(spec, 'storage');
    if (storage?.ephemeral !== true) return [];
    return ['size', 'volumeClaimTemplate']
      .filter((key) => storage[key] !== undefined && storage[key] !== null)
      .map((key) =>
        at(
          `spec.storage.${key}`,
          `Forbidden: spec.storage.${key} cannot be set with spec.storage.ephemeral: true (an emptyDir has no volume claim): remove ${key}, or remove ephemeral to keep the data on volumes`,
        ),
      );
  },
});

export const storageSizeZero = defineRule({
  id: 'mariadb/storage-size-zero',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.storage.size is 0.',
  why: 'A volume claim of zero bytes holds no data; the operator refuses it.',
  fix: 'Set spec.storage.size to the space the data needs, such as 1Gi.',
  check({ spec, at }) {
    const size = claimedStorage(spec)?.size;
    if (size === undefined || compareQuantities(size, '0') !== 0) return [];
    return [at('spec.storage.size', `Invalid value: ${quantityText(size)}: spec.storage.size must be above zero: set the space the data needs, such as 1Gi`)];
  },
});

export const storageSizeBelowClaimTemplate = defineRule({
  id: 'mariadb/storage-size-below-claim-template',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.storage.size is smaller than spec.storage.volumeClaimTemplate.resources.requests.storage.',
  why: 'spec.storage.size replaces the size of the claim template, so the volume would be smaller than the template asks; the operator refuses it (volumes cannot shrink).',
  fix: "Set spec.storage.size to at least the claim template's request, or give the size in one place only.",
  noCelTwin: 'comparing two quantities needs the Kubernetes quantity library (CEL in 1.29 and later); CRDs here target 1.25',
  check({ spec, at }) {
    const storage = claimedStorage(spec);
    const size = storage?.size;
    const requested = objectAt(objectAt(objectAt(storage, 'volumeClaimTemplate'), 'resources'), 'requests')?.storage;
    // A zero size is mariadb/storage-size-zero: one mistake, one finding.
    if (size === undefined || requested === undefined || compareQuantities(size, '0') === 0 || compareQuantities(size, requested) !== -1) return [];
    return [
      at(
        'spec.storage.size',
        `Invalid value: ${quantityText(size)}: spec.storage.size is below spec.storage.volumeClaimTemplate.resources.requests.storage (${quantityText(requested)}) and would shrink the volume: set size to at least ${quantityText(requested)}, or give the size in one place only`,
      ),
    ];
  },
});

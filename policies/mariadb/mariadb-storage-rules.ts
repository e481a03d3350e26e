// Where the MariaDB keeps its data: an emptyDir only for a throwaway single server, otherwise volume claims
// the operator can build. A mistyped spec or spec.storage is the schema's finding, not these rules'.
import { isObject, objectAt } from '../object-fields.js';
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

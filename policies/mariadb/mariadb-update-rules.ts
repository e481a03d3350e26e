// What an UPDATE of a MariaDB cannot change. The operator reads some fields only when it creates the
// MariaDB (the StatefulSet's volume claims, the initial database and user, the Connections it publishes),
// and a volume claim can grow but never shrink: such an update would be stored and then never applied.
// https://kubernetes.io/docs/concepts/storage/persistent-volumes/#expanding-persistent-volumes-claims
import { immutableFieldsRule } from '../immutable-fields.js';
import { objectAt } from '../object-fields.js';
import { compareQuantities } from '../quantity.js';
import { defineRule } from '../rule.js';
import { MARIADB } from './mariadb-kind.js';

const NEW_MARIADB = 'create a new MariaDB with the value you want and migrate the data (backup and restore)';
const CLAIM_CLASS = `a StatefulSet's volume claims cannot change class; ${NEW_MARIADB}`;
const CONNECTION_ONCE = 'the operator creates this Connection once; edit the Connection resource it made, or create another Connection';
const TOPOLOGY = 'an existing MariaDB cannot switch its high-availability method; create a new MariaDB with the topology you want and migrate the data';

/** The storage size an object asks for, and where: size, else the claim template's request. */
function requestedStorage(object: unknown): { path: string; value: unknown } | undefined {
  const storage = objectAt(objectAt(object, 'spec'), 'storage');
  if (storage?.size !== undefined) return { path: 'spec.storage.size', value: storage.size };
  const request = objectAt(objectAt(objectAt(storage, 'volumeClaimTemplate'), 'resources'), 'requests')?.storage;
  if (request !== undefined) return { path: 'spec.storage.volumeClaimTemplate.resources.requests.storage', value: request };
  return undefined;
}

/** Its own rule, not an immutable field: growing is allowed, and sizes compare as quantities (1Gi = 1024Mi). */
export const storageShrink = defineRule({
  id: 'mariadb/storage-shrink',
  kinds: [MARIADB],
  on: ['UPDATE'],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'An update makes the storage size smaller.',
  why: 'PersistentVolumeClaims can only grow: the operator cannot apply the change and the MariaDB stays stuck mid-update.',
  fix: 'Keep the size or grow it; for a smaller volume, create a new MariaDB and migrate the data.',
  check({ object, ctx, at }) {
    const before = requestedStorage(ctx.oldObject);
    const after = requestedStorage(object);
    if (!before || !after || compareQuantities(after.value, before.value) !== -1) return [];
    return [
      at(
        after.path,
        `Forbidden: storage cannot shrink from ${String(before.value)} to ${String(after.value)}: PersistentVolumeClaims can only grow; keep ${String(before.value)} or more, or create a new MariaDB with the smaller size and migrate the data`,
      ),
    ];
  },
});

export const immutableField = immutableFieldsRule({
  id: 'mariadb/immutable-field',
  kinds: [MARIADB],
  what: 'An update changes a field the operator only reads when the MariaDB is created.',
  why: 'The change would be stored but never applied (or break the StatefulSet update), so the object would lie about the running cluster.',
  fix: 'Revert the field; the message says how to make the change another way.',
  fields: [
    { path: 'spec.storage.storageClassName', how: CLAIM_CLASS },
    { path: 'spec.storage.volumeClaimTemplate.storageClassName', how: CLAIM_CLASS },
    { path: 'spec.database', how: 'the operator creates the initial database only once; create other databases with Database resources' },
    { path: 'spec.username', how: 'the operator creates the initial user only once; create other users with User and Grant resources' },
    { path: 'spec.connection', how: CONNECTION_ONCE },
    { path: 'spec.primaryConnection', how: CONNECTION_ONCE },
    { path: 'spec.secondaryConnection', how: CONNECTION_ONCE },
    // Switches the operator reads as false when unset: turning Galera on for a standalone server is a change,
    // writing out `false` is not.
    { path: 'spec.galera.enabled', how: TOPOLOGY, unset: false },
    { path: 'spec.replication.enabled', how: TOPOLOGY, unset: false },
    { path: 'spec.storage.ephemeral', how: `a StatefulSet cannot switch between emptyDir and volume claims; ${NEW_MARIADB}`, unset: false },
  ],
});

// Where a KubeDB MariaDB keeps its data: Durable storage (the default) is a PersistentVolumeClaim per pod,
// which KubeDB can only build from spec.storage with a size.
// https://kubedb.com/docs/latest/guides/mariadb/concepts/mariadb/#specstorage
import { isObject, objectAt } from '../object-fields.js';
import { parseQuantity } from '../quantity.js';
import { defineRule } from '../rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';

const REQUEST_PATH = 'spec.storage.resources.requests.storage';

export const durableStorageRequired = defineRule({
  id: 'kubedb/durable-storage-required',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'storageType is Durable (the default) without spec.storage, or without a positive spec.storage.resources.requests.storage.',
  why: 'KubeDB cannot build the PersistentVolumeClaims: the MariaDB is rejected, or its pods stay Pending on a claim no volume can satisfy.',
  fix: 'Set spec.storage with accessModes and resources.requests.storage (such as 1Gi), or storageType: Ephemeral for a throwaway database.',
  check({ object, spec, at }) {
    // A MariaDB without a spec is the schema's finding (spec is required), not a missing storage.
    if (!isObject(object.spec) || (spec.storageType ?? 'Durable') !== 'Durable') return [];
    const storage = spec.storage;
    if (storage === undefined) {
      return [
        at(
          'spec.storage',
          'Required value: Durable storage needs spec.storage (accessModes and resources.requests.storage, such as 1Gi), or set storageType: Ephemeral',
        ),
      ];
    }
    // A storage that is not an object is the schema's finding.
    if (!isObject(storage)) return [];
    const request = objectAt(objectAt(storage, 'resources'), 'requests')?.storage;
    if (request === undefined) return [at(REQUEST_PATH, 'Required value: set the size of each data volume, such as 1Gi')];
    const bytes = parseQuantity(request);
    // A value that is not a quantity is the schema's finding.
    if (bytes === undefined || bytes > 0) return [];
    return [at(REQUEST_PATH, `Invalid value: ${JSON.stringify(request)}: the storage request must be positive, such as 1Gi`)];
  },
});

// Replica recovery rebuilds a broken replica from a fresh physical backup, so it needs to know which backup
// to take: the operator refuses recovery without spec.replication.replica.bootstrapFrom. Judged only with
// spec.replication.enabled: true, as the operator ignores spec.replication otherwise.
// (semiSyncWaitPoint and replica.gtid values outside their enums are the schema's findings.)
// https://github.com/mariadb-operator/mariadb-operator/blob/main/api/v1alpha1/mariadb_replication_types.go
import { objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { enabled } from './mariadb-fields.js';
import { MARIADB } from './mariadb-kind.js';

export const replicaRecoveryWithoutBootstrapFrom = defineRule({
  id: 'mariadb/replica-recovery-without-bootstrap-from',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'spec.replication.replica.recovery.enabled is true without spec.replication.replica.bootstrapFrom.',
  why: 'Recovery deletes the data of a failed replica and restores it from a PhysicalBackup; without bootstrapFrom there is nothing to restore from, and the operator refuses the MariaDB.',
  fix: 'Set spec.replication.replica.bootstrapFrom.physicalBackupTemplateRef to a PhysicalBackup template, or disable replica recovery.',
  check({ spec, at }) {
    if (!enabled(spec, 'replication')) return [];
    const replica = objectAt(objectAt(spec, 'replication'), 'replica');
    if (objectAt(replica, 'recovery')?.enabled !== true || objectAt(replica, 'bootstrapFrom') !== undefined) return [];
    return [
      at(
        'spec.replication.replica.bootstrapFrom',
        'Required value: spec.replication.replica.recovery.enabled is true, so the PhysicalBackup to rebuild replicas from is needed: set spec.replication.replica.bootstrapFrom.physicalBackupTemplateRef, or set recovery.enabled to false',
      ),
    ];
  },
});

// Halting a KubeDB MariaDB deletes its pods and keeps its volumes (deletionPolicy Halt), so it cannot halt a
// database that has no volumes, nor one whose deletionPolicy forbids deleting anything.
// https://kubedb.com/docs/latest/guides/mariadb/concepts/mariadb/#specdeletionpolicy
import { defineRule } from '../rule.js';
import { KUBEDB_MARIADB } from './kubedb-mariadb-kind.js';

export const haltWithEphemeral = defineRule({
  id: 'kubedb/halt-with-ephemeral',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'deletionPolicy Halt (also set by halted: true) with storageType Ephemeral.',
  why: 'Halt keeps the volumes so the database can come back, and Ephemeral storage has none: KubeDB rejects the combination.',
  fix: 'Use deletionPolicy Delete or WipeOut, or storageType Durable with spec.storage.',
  check({ spec, at }) {
    // Read as KubeDB defaults them, so an undefaulted manifest is judged like the stored object.
    const storageType = spec.storageType ?? 'Durable';
    const deletionPolicy = spec.deletionPolicy ?? (spec.halted === true ? 'Halt' : 'Delete');
    if (storageType !== 'Ephemeral' || deletionPolicy !== 'Halt') return [];
    const why = spec.deletionPolicy === undefined ? ' (set by spec.halted: true)' : '';
    return [
      at(
        'spec.deletionPolicy',
        `Forbidden: deletionPolicy Halt${why} cannot be used with Ephemeral storage: Halt keeps the volumes and an emptyDir has none: use Delete or WipeOut, or storageType Durable`,
      ),
    ];
  },
});

export const haltedDoNotTerminate = defineRule({
  id: 'kubedb/halted-do-not-terminate',
  kinds: [KUBEDB_MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.halted: true while deletionPolicy is DoNotTerminate.',
  why: "Halting deletes the pods, which DoNotTerminate forbids: KubeDB rejects it (\"Can't halt, since termination policy is 'DoNotTerminate'\").",
  fix: 'Set deletionPolicy to Halt first, then spec.halted: true.',
  check({ spec, at }) {
    if (spec.halted !== true || spec.deletionPolicy !== 'DoNotTerminate') return [];
    return [at('spec.halted', "Forbidden: can't halt, since deletionPolicy is DoNotTerminate: set deletionPolicy to Halt first, then spec.halted: true")];
  },
});

// What an UPDATE of a Restore cannot change: the fields the mariadb-operator tags `inmutable` (and
// `inmutableinit`, once set) in RestoreSpec, its RestoreSource and the Job pod template it embeds.
import { operatorImmutableRule } from '../backup/operator-immutable-fields.js';
import { RESTORE } from './restore-kind.js';

const NEW_RESTORE = 'create a new Restore with the new value';

export const restoreImmutable = operatorImmutableRule({
  id: 'restore/immutable-field',
  kinds: [RESTORE],
  what: 'An UPDATE of a Restore that changes a field the operator keeps as created: mariaDbRef, targetRecoveryTime, stagingStorage, restartPolicy, priorityClassName, affinity.antiAffinityEnabled, or a set backupRef, s3 or serviceAccountName.',
  why: "The operator's webhook refuses the update: a Restore runs once, from the source and into the database it was created with.",
  fix: 'Put the old value back, or create a new Restore with the new value.',
  fields: [
    { path: 'spec.mariaDbRef', tag: 'inmutable', how: 'create a new Restore into the other database' },
    { path: 'spec.backupRef', tag: 'inmutableinit', how: 'create a new Restore from the other Backup' },
    { path: 'spec.s3', tag: 'inmutableinit', how: NEW_RESTORE },
    { path: 'spec.targetRecoveryTime', tag: 'inmutable', how: 'create a new Restore for the other point in time' },
    { path: 'spec.stagingStorage', tag: 'inmutable', how: NEW_RESTORE },
    { path: 'spec.restartPolicy', tag: 'inmutable', how: NEW_RESTORE },
    { path: 'spec.serviceAccountName', tag: 'inmutableinit', how: NEW_RESTORE },
    { path: 'spec.priorityClassName', tag: 'inmutable', how: NEW_RESTORE },
    { path: 'spec.affinity.antiAffinityEnabled', tag: 'inmutable', how: NEW_RESTORE },
    { path: 'spec.imagePullSecrets', tag: 'inmutable', how: NEW_RESTORE, versions: ['25.10'] },
  ],
});

// What an UPDATE of a Restore cannot change: the fields the mariadb-operator tags `inmutable` (and
// `inmutableinit`, once set) in RestoreSpec, its RestoreSource and the Job pod template it embeds.
import { inmutable, inmutableInit, taggedImmutableRule } from '../operator-immutable-fields.js';
import { RESTORE } from './restore-kind.js';

const NEW_RESTORE = 'create a new Restore with the new value';

export const restoreImmutable = taggedImmutableRule({
  id: 'restore/immutable-field',
  kinds: [RESTORE],
  what: 'An UPDATE of a Restore that changes a field the operator keeps as created: mariaDbRef, targetRecoveryTime, stagingStorage, restartPolicy, priorityClassName, affinity.antiAffinityEnabled, or a set backupRef, s3 or serviceAccountName.',
  why: "The operator's webhook refuses the update: a Restore runs once, from the source and into the database it was created with.",
  fix: 'Put the old value back, or create a new Restore with the new value.',
  fields: [
    inmutable('spec.mariaDbRef', 'create a new Restore into the other database'),
    inmutableInit('spec.backupRef', 'create a new Restore from the other Backup'),
    inmutableInit('spec.s3', NEW_RESTORE),
    inmutable('spec.targetRecoveryTime', 'create a new Restore for the other point in time'),
    inmutable('spec.stagingStorage', NEW_RESTORE),
    inmutable('spec.restartPolicy', NEW_RESTORE),
    inmutableInit('spec.serviceAccountName', NEW_RESTORE),
    inmutable('spec.priorityClassName', NEW_RESTORE),
    inmutable('spec.affinity.antiAffinityEnabled', NEW_RESTORE),
    inmutable('spec.imagePullSecrets', NEW_RESTORE, ['25.10']),
  ],
});

// What an UPDATE of a Backup cannot change: the fields the mariadb-operator tags `inmutable` (and
// `inmutableinit`, once set) in BackupSpec and the Job pod template it embeds.
import { BACKUP } from './backup-kind.js';
import { inmutable, inmutableInit, taggedImmutableRule } from '../operator-immutable-fields.js';

const NEW_BACKUP = 'create a new Backup with the new value';

export const backupImmutable = taggedImmutableRule({
  id: 'backup/immutable-field',
  kinds: [BACKUP],
  what: 'An UPDATE of a Backup that changes a field the operator keeps as created: mariaDbRef, storage, stagingStorage, restartPolicy, priorityClassName, affinity.antiAffinityEnabled, or a set maxRetention or serviceAccountName.',
  why: "The operator's webhook refuses the update: the backups already taken live in that storage, for that database.",
  fix: 'Put the old value back, or create a new Backup with the new value (and delete the old one when its backups are no longer needed).',
  fields: [
    inmutable('spec.mariaDbRef', 'create a new Backup for the other database'),
    inmutable('spec.storage', `${NEW_BACKUP}; the backups taken so far stay where they are`),
    inmutable('spec.stagingStorage', NEW_BACKUP),
    inmutableInit('spec.maxRetention', NEW_BACKUP),
    inmutable('spec.restartPolicy', NEW_BACKUP),
    inmutableInit('spec.serviceAccountName', NEW_BACKUP),
    inmutable('spec.priorityClassName', NEW_BACKUP),
    inmutable('spec.affinity.antiAffinityEnabled', NEW_BACKUP),
    inmutable('spec.imagePullSecrets', NEW_BACKUP, ['25.10']),
  ],
});

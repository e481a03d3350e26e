// What an UPDATE of a Backup cannot change: the fields the mariadb-operator tags `inmutable` (and
// `inmutableinit`, once set) in BackupSpec and the Job pod template it embeds.
import { BACKUP } from './backup-kind.js';
import { operatorImmutableRule } from './operator-immutable-fields.js';

const NEW_BACKUP = 'create a new Backup with the new value';

export const backupImmutable = operatorImmutableRule({
  id: 'backup/immutable-field',
  kinds: [BACKUP],
  what: 'An UPDATE of a Backup that changes a field the operator keeps as created: mariaDbRef, storage, stagingStorage, restartPolicy, priorityClassName, affinity.antiAffinityEnabled, or a set maxRetention or serviceAccountName.',
  why: "The operator's webhook refuses the update: the backups already taken live in that storage, for that database.",
  fix: 'Put the old value back, or create a new Backup with the new value (and delete the old one when its backups are no longer needed).',
  fields: [
    { path: 'spec.mariaDbRef', tag: 'inmutable', how: 'create a new Backup for the other database' },
    { path: 'spec.storage', tag: 'inmutable', how: `${NEW_BACKUP}; the backups taken so far stay where they are` },
    { path: 'spec.stagingStorage', tag: 'inmutable', how: NEW_BACKUP },
    { path: 'spec.maxRetention', tag: 'inmutableinit', how: NEW_BACKUP },
    { path: 'spec.restartPolicy', tag: 'inmutable', how: NEW_BACKUP },
    { path: 'spec.serviceAccountName', tag: 'inmutableinit', how: NEW_BACKUP },
    { path: 'spec.priorityClassName', tag: 'inmutable', how: NEW_BACKUP },
    { path: 'spec.affinity.antiAffinityEnabled', tag: 'inmutable', how: NEW_BACKUP },
    { path: 'spec.imagePullSecrets', tag: 'inmutable', how: NEW_BACKUP, versions: ['25.10'] },
  ],
});

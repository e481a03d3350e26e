// What an UPDATE of a PhysicalBackup cannot change: the fields the mariadb-operator tags `inmutable` (and
// `inmutableinit`, once set) in PhysicalBackupSpec, its schedule and its pod template.
import { operatorImmutableRule } from '../backup/operator-immutable-fields.js';
import { PHYSICAL_BACKUP } from './physical-backup-kind.js';

const NEW_BACKUP = 'create a new PhysicalBackup with the new value';

export const physicalBackupImmutable = operatorImmutableRule({
  id: 'physicalbackup/immutable-field',
  kinds: [PHYSICAL_BACKUP],
  what: 'An UPDATE of a PhysicalBackup that changes a field the operator keeps as created: mariaDbRef, storage, stagingStorage, schedule.cron, restartPolicy, priorityClassName, or a set serviceAccountName.',
  why: "The operator's webhook refuses the update: the backups already taken live in that storage, for that database, on that schedule.",
  fix: 'Put the old value back, or create a new PhysicalBackup with the new value (and delete the old one when its backups are no longer needed).',
  fields: [
    { path: 'spec.mariaDbRef', tag: 'inmutable', how: 'create a new PhysicalBackup for the other MariaDB' },
    { path: 'spec.storage', tag: 'inmutable', how: `${NEW_BACKUP}; the backups taken so far stay where they are` },
    { path: 'spec.stagingStorage', tag: 'inmutable', how: NEW_BACKUP },
    { path: 'spec.schedule.cron', tag: 'inmutable', how: `${NEW_BACKUP}; spec.schedule.suspend pauses this one` },
    { path: 'spec.restartPolicy', tag: 'inmutable', how: NEW_BACKUP },
    { path: 'spec.serviceAccountName', tag: 'inmutableinit', how: NEW_BACKUP },
    { path: 'spec.priorityClassName', tag: 'inmutable', how: NEW_BACKUP },
    { path: 'spec.imagePullSecrets', tag: 'inmutable', how: NEW_BACKUP, versions: ['25.10'] },
  ],
});

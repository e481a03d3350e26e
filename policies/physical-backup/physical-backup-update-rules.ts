// What an UPDATE of a PhysicalBackup cannot change: the fields the mariadb-operator tags `inmutable` (and
// `inmutableinit`, once set) in PhysicalBackupSpec, its schedule and its pod template.
import { inmutable, inmutableInit, taggedImmutableRule } from '../operator-immutable-fields.js';
import { PHYSICAL_BACKUP } from './physical-backup-kind.js';

const NEW_BACKUP = 'create a new PhysicalBackup with the new value';

export const physicalBackupImmutable = taggedImmutableRule({
  id: 'physicalbackup/immutable-field',
  kinds: [PHYSICAL_BACKUP],
  what: 'An UPDATE of a PhysicalBackup that changes a field the operator keeps as created: mariaDbRef, storage, stagingStorage, schedule.cron, restartPolicy, priorityClassName, or a set serviceAccountName.',
  why: "The operator's webhook refuses the update: the backups already taken live in that storage, for that database, on that schedule.",
  fix: 'Put the old value back, or create a new PhysicalBackup with the new value (and delete the old one when its backups are no longer needed).',
  fields: [
    inmutable('spec.mariaDbRef', 'create a new PhysicalBackup for the other MariaDB'),
    inmutable('spec.storage', `${NEW_BACKUP}; the backups taken so far stay where they are`),
    inmutable('spec.stagingStorage', NEW_BACKUP),
    inmutable('spec.schedule.cron', `${NEW_BACKUP}; spec.schedule.suspend pauses this one`),
    inmutable('spec.restartPolicy', NEW_BACKUP),
    inmutableInit('spec.serviceAccountName', NEW_BACKUP),
    inmutable('spec.priorityClassName', NEW_BACKUP),
    inmutable('spec.imagePullSecrets', NEW_BACKUP, ['25.10']),
  ],
});

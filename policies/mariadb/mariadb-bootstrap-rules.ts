// spec.bootstrapFrom restores a new MariaDB from one backup: the operator refuses it when it names no source,
// when the kind of backup and spec.bootstrapFrom.backupContentType disagree, or when sources that exclude each
// other are combined (a VolumeSnapshot is restored by cloning the volume, not by a restore Job).
// (A backupContentType outside Logical/Physical, and fields a version lacks, are the schema's findings.)
// https://github.com/mariadb-operator/mariadb-operator/blob/main/api/v1alpha1/mariadb_types.go (BootstrapFrom.Validate)
import { compareOperatorVersions } from '../../kinds/operator-versions.js';
import type { FieldError } from '../field-error.js';
import { objectAt, stringAt, type JsonObject } from '../object-fields.js';
import type { PolicyContext } from '../policy-context.js';
import { defineRule } from '../rule.js';
import { MARIADB } from './mariadb-kind.js';

/** Operator 26 added pointInTimeRecoveryRef and azureBlob as sources, and the checks that come with them. */
function hasPointInTimeRecovery(ctx: PolicyContext): boolean {
  return ctx.operatorVersion === undefined || compareOperatorVersions(ctx.operatorVersion, '26.0') >= 0;
}

function bootstrapFrom(spec: JsonObject): JsonObject | undefined {
  return objectAt(spec, 'bootstrapFrom');
}

/** The sources the operator can bootstrap from, per version. */
function sourcesOf(ctx: PolicyContext): readonly string[] {
  const common = ['backupRef', 'volumeSnapshotRef', 's3', 'volume'];
  return hasPointInTimeRecovery(ctx) ? [...common, 'pointInTimeRecoveryRef', 'azureBlob'] : common;
}

/** A field the operator reads as set: present and not null. */
function isSet(parent: JsonObject, key: string): boolean {
  return parent[key] !== undefined && parent[key] !== null;
}

export const bootstrapFromNoSource = defineRule({
  id: 'mariadb/bootstrap-from-no-source',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueRequired',
  what: 'spec.bootstrapFrom names no source to restore from.',
  why: 'The operator cannot tell what to restore the new MariaDB from, and refuses it.',
  fix: 'Set one source under spec.bootstrapFrom (backupRef, volumeSnapshotRef, s3, volume; from operator 26 also pointInTimeRecoveryRef or azureBlob), or remove spec.bootstrapFrom.',
  check({ spec, ctx, at }) {
    const from = bootstrapFrom(spec);
    const sources = sourcesOf(ctx);
    if (!from || sources.some((source) => isSet(from, source))) return [];
    return [
      at(
        'spec.bootstrapFrom',
        `Required value: spec.bootstrapFrom names no source to restore from: set one of ${sources.join(', ')}, or remove spec.bootstrapFrom`,
      ),
    ];
  },
});

export const bootstrapFromBackupKindUnsupported = defineRule({
  id: 'mariadb/bootstrap-from-backup-kind-unsupported',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueNotSupported',
  what: 'spec.bootstrapFrom.backupRef.kind is neither Backup nor PhysicalBackup.',
  why: 'The operator restores only from its own Backup (logical) and PhysicalBackup objects, and refuses any other kind.',
  fix: 'Set backupRef.kind to Backup or PhysicalBackup (or leave it out for a Backup).',
  check({ spec, at }) {
    const kind = stringAt(objectAt(bootstrapFrom(spec), 'backupRef'), 'kind');
    if (kind === undefined || kind === '' || kind === 'Backup' || kind === 'PhysicalBackup') return [];
    return [
      at(
        'spec.bootstrapFrom.backupRef.kind',
        `Unsupported value: ${JSON.stringify(kind)}: supported values: "Backup", "PhysicalBackup" (leave it out for a Backup)`,
      ),
    ];
  },
});

/** The content type each source holds: a Backup is a logical dump; a PhysicalBackup and a VolumeSnapshot are files. */
const CONTENT_OF_KIND: Readonly<Record<string, 'Logical' | 'Physical'>> = { '': 'Logical', Backup: 'Logical', PhysicalBackup: 'Physical' };

export const bootstrapFromContentTypeMismatch = defineRule({
  id: 'mariadb/bootstrap-from-content-type-mismatch',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.bootstrapFrom.backupContentType contradicts its source: Physical for a Backup, Logical for a PhysicalBackup or a VolumeSnapshot.',
  why: 'The operator would restore the backup with the wrong tool (mariadb-dump files are not a data directory), so it refuses the MariaDB.',
  fix: 'Remove backupContentType (the operator infers it from the source), or set the one that matches: Logical for a Backup, Physical for a PhysicalBackup or a VolumeSnapshot.',
  check({ spec, at }) {
    const from = bootstrapFrom(spec);
    const contentType = stringAt(from, 'backupContentType');
    if (!from || (contentType !== 'Logical' && contentType !== 'Physical')) return [];
    const findings: FieldError[] = [];
    const backupRef = objectAt(from, 'backupRef');
    const kind = backupRef ? (stringAt(backupRef, 'kind') ?? '') : undefined;
    const wanted = kind === undefined ? undefined : CONTENT_OF_KIND[kind];
    if (wanted !== undefined && wanted !== contentType) {
      findings.push(
        at(
          'spec.bootstrapFrom.backupContentType',
          `Invalid value: "${contentType}": spec.bootstrapFrom.backupContentType contradicts spec.bootstrapFrom.backupRef, a ${kind || 'Backup'}, which holds ${wanted} content: set it to ${wanted}, or remove it`,
        ),
      );
    }
    if (isSet(from, 'volumeSnapshotRef') && contentType !== 'Physical') {
      findings.push(
        at(
          'spec.bootstrapFrom.backupContentType',
          `Invalid value: "${contentType}": spec.bootstrapFrom.backupContentType contradicts spec.bootstrapFrom.volumeSnapshotRef, a copy of the data volume, which holds Physical content: set it to Physical, or remove it`,
        ),
      );
    }
    return findings;
  },
});

export const bootstrapFromVolumeSnapshotExclusive = defineRule({
  id: 'mariadb/bootstrap-from-volume-snapshot-exclusive',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.bootstrapFrom.volumeSnapshotRef is set together with s3, volume or restoreJob.',
  why: 'A VolumeSnapshot is restored by provisioning the data volume from it, with no restore Job reading from S3 or a volume; the operator refuses the combination.',
  fix: 'Keep volumeSnapshotRef and remove s3, volume and restoreJob, or remove volumeSnapshotRef.',
  pointsAtKey: true,
  check({ spec, at }) {
    const from = bootstrapFrom(spec);
    if (!from || !isSet(from, 'volumeSnapshotRef')) return [];
    return ['s3', 'volume', 'restoreJob']
      .filter((key) => isSet(from, key))
      .map((key) =>
        at(
          `spec.bootstrapFrom.${key}`,
          `Forbidden: spec.bootstrapFrom.${key} cannot be set with spec.bootstrapFrom.volumeSnapshotRef (a snapshot is restored without a restore Job): remove ${key}, or remove volumeSnapshotRef`,
        ),
      );
  },
});

export const bootstrapFromPitrExclusive = defineRule({
  id: 'mariadb/bootstrap-from-pitr-exclusive',
  kinds: [MARIADB],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'spec.bootstrapFrom.pointInTimeRecoveryRef is set together with backupRef or volumeSnapshotRef (operator 26 and later).',
  why: 'A PointInTimeRecovery names its own PhysicalBackup to restore before replaying binary logs; a second source contradicts it, and the operator refuses the MariaDB.',
  fix: 'Keep pointInTimeRecoveryRef and remove backupRef and volumeSnapshotRef, or remove pointInTimeRecoveryRef.',
  pointsAtKey: true,
  check({ spec, ctx, at }) {
    const from = bootstrapFrom(spec);
    // Operator 25.10 has no pointInTimeRecoveryRef: the schema reports the field itself.
    if (!hasPointInTimeRecovery(ctx) || !from || !isSet(from, 'pointInTimeRecoveryRef')) return [];
    return ['backupRef', 'volumeSnapshotRef']
      .filter((key) => isSet(from, key))
      .map((key) =>
        at(
          `spec.bootstrapFrom.${key}`,
          `Forbidden: spec.bootstrapFrom.${key} cannot be set with spec.bootstrapFrom.pointInTimeRecoveryRef (the PointInTimeRecovery names the backup to restore): remove ${key}, or remove pointInTimeRecoveryRef`,
        ),
      );
  },
});

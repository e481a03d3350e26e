// What an UPDATE of a MariaDB cannot change: exactly the fields the mariadb-operator tags `webhook:"inmutable"`
// (never added, changed or removed) or `webhook:"inmutableinit"` (set once) in the MariaDB spec of each release
// (api/v1alpha1/*_types.go, v25.10.2 and v26.6.0), which its webhook refuses to change; and a volume claim can
// grow but never shrink. Changes the operator accepts but never applies, or applies without migrating the data, are
// warnings, not denials.
// https://kubernetes.io/docs/concepts/storage/persistent-volumes/#expanding-persistent-volumes-claims
import { immutableFieldsRule, jsonEqual, type ImmutableField } from '../immutable-fields.js';
import { objectAt } from '../object-fields.js';
import { compareQuantities } from '../quantity.js';
import { defineRule } from '../rule.js';
import { MARIADB } from './mariadb-kind.js';

const STORED = 'compares with the stored object in ways a CEL transition rule cannot (a field added or removed, quantities, two fields at once)';

const NEW_MARIADB = 'create a new MariaDB with the value you want and migrate the data (backup and restore)';
const CLAIM_CLASS = `a StatefulSet's volume claims cannot change class; ${NEW_MARIADB}`;
const CONNECTION_ONCE = 'the operator creates this Connection once; edit the Connection resource it made, or create another Connection';
const INITIAL_USER =
  'the operator creates the initial database and user only once; create other databases with Database resources, other users with User and Grant resources';
const BOOTSTRAP = 'the MariaDB was bootstrapped from this source; to restore other data, use a Restore resource or create a new MariaDB';
const POD_SETTING = "the operator's webhook keeps this Pod setting as it was created; create a new MariaDB with the value you want and migrate the data";
const SECRET_ONCE = 'the operator set up root with this password setting; to rotate the root password, change the Secret spec.rootPasswordSecretKeyRef names';
const GTID = 'GTID domain and server ids are written into the binary logs; create a new MariaDB with the ids you want and migrate the data';
const MAXSCALE = 'the operator configured the embedded MaxScale with this value; replace spec.maxScale with a MaxScale resource of its own to change it';

const V25 = ['25.10'] as const;
const V26 = ['26.6'] as const;

/** The MariaDB spec fields of both releases, in the operator's order. */
const BOTH: ImmutableField[] = [
  { path: 'spec.serviceAccountName', how: POD_SETTING, lock: 'once' },
  { path: 'spec.affinity.antiAffinityEnabled', how: POD_SETTING, lock: 'always' },
  { path: 'spec.rootPasswordSecretKeyRef', how: SECRET_ONCE, lock: 'once', unset: {} },
  { path: 'spec.rootEmptyPassword', how: SECRET_ONCE, lock: 'once' },
  { path: 'spec.database', how: INITIAL_USER, lock: 'always' },
  { path: 'spec.username', how: INITIAL_USER, lock: 'always' },
  { path: 'spec.timeZone', how: 'the operator loads the time zone when it initializes the server; set time_zone in spec.myCnf instead', lock: 'always' },
  { path: 'spec.bootstrapFrom.backupRef', how: BOOTSTRAP, lock: 'once' },
  { path: 'spec.bootstrapFrom.volumeSnapshotRef', how: BOOTSTRAP, lock: 'once' },
  { path: 'spec.bootstrapFrom.backupContentType', how: BOOTSTRAP, lock: 'once', unset: '' },
  { path: 'spec.bootstrapFrom.s3', how: BOOTSTRAP, lock: 'once' },
  { path: 'spec.bootstrapFrom.volume', how: BOOTSTRAP, lock: 'once' },
  { path: 'spec.bootstrapFrom.targetRecoveryTime', how: BOOTSTRAP, lock: 'always' },
  { path: 'spec.bootstrapFrom.stagingStorage', how: BOOTSTRAP, lock: 'always' },
  { path: 'spec.bootstrapFrom.restoreJob.affinity.antiAffinityEnabled', how: POD_SETTING, lock: 'always' },
  { path: 'spec.storage.ephemeral', how: `a StatefulSet cannot switch between emptyDir and volume claims; ${NEW_MARIADB}`, lock: 'once' },
  { path: 'spec.storage.storageClassName', how: CLAIM_CLASS, lock: 'always', unset: '' },
  { path: 'spec.metrics.exporter.affinity.antiAffinityEnabled', how: POD_SETTING, lock: 'always' },
  { path: 'spec.metrics.exporter.priorityClassName', how: POD_SETTING, lock: 'always' },
  { path: 'spec.metrics.username', how: 'the operator created the metrics user with this name; keep it', lock: 'once', unset: '' },
  { path: 'spec.replication.replica.bootstrapFrom.restoreJob.affinity.antiAffinityEnabled', how: POD_SETTING, lock: 'always' },
  { path: 'spec.galera.config.reuseStorageVolume', how: `the Galera configuration volume is part of the StatefulSet's claims; ${NEW_MARIADB}`, lock: 'once' },
  { path: 'spec.galera.config.volumeClaimTemplate', how: `the Galera configuration volume is part of the StatefulSet's claims; ${NEW_MARIADB}`, lock: 'once' },
  { path: 'spec.connection', how: CONNECTION_ONCE, lock: 'always' },
  { path: 'spec.primaryConnection', how: CONNECTION_ONCE, lock: 'always' },
  { path: 'spec.secondaryConnection', how: CONNECTION_ONCE, lock: 'always' },
];

const ONLY_26: ImmutableField[] = [
  { path: 'spec.bootstrapFrom.azureBlob', how: BOOTSTRAP, lock: 'once' },
  { path: 'spec.replication.gtidDomainId', how: GTID, lock: 'always' },
  { path: 'spec.replication.serverIdStartIndex', how: GTID, lock: 'always' },
  { path: 'spec.galera.gtidDomainId', how: GTID, lock: 'always' },
  { path: 'spec.galera.serverId', how: GTID, lock: 'always' },
].map((f) => ({ ...f, lock: f.lock as 'always' | 'once', operatorVersions: V26 }));

const VOLUME_MOUNTS = "25.10's webhook keeps the container's volume mounts as they were created; upgrade to 26.6 or create a new MariaDB";
const S3_SOURCE = 'the MariaDB was bootstrapped from this bucket; to restore other data, use a Restore resource';
const MAXSCALE_EXPORTER = "25.10's webhook keeps this Pod setting of the embedded MaxScale's exporter; replace spec.maxScale with a MaxScale resource";

const ONLY_25: ImmutableField[] = [
  { path: 'spec.volumeMounts', how: VOLUME_MOUNTS, lock: 'always' },
  {
    path: 'spec.imagePullSecrets',
    how: "25.10's webhook keeps the Pods' pull Secrets as they were created; upgrade to 26.6 or create a new MariaDB",
    lock: 'always',
  },
  { path: 'spec.initContainers[*].volumeMounts', how: VOLUME_MOUNTS, lock: 'always' },
  { path: 'spec.sidecarContainers[*].volumeMounts', how: VOLUME_MOUNTS, lock: 'always' },
  { path: 'spec.volumes', how: "25.10's webhook keeps the Pods' volumes as they were created; upgrade to 26.6 or create a new MariaDB", lock: 'always' },
  { path: 'spec.bootstrapFrom.s3.bucket', how: S3_SOURCE, lock: 'always', unset: '' },
  { path: 'spec.bootstrapFrom.s3.endpoint', how: S3_SOURCE, lock: 'always', unset: '' },
  { path: 'spec.bootstrapFrom.s3.region', how: S3_SOURCE, lock: 'always', unset: '' },
  { path: 'spec.bootstrapFrom.s3.prefix', how: S3_SOURCE, lock: 'always', unset: '' },
  { path: 'spec.metrics.exporter.imagePullSecrets', how: POD_SETTING, lock: 'always' },
  { path: 'spec.replication.initContainer.volumeMounts', how: VOLUME_MOUNTS, lock: 'always' },
  { path: 'spec.replication.agent.volumeMounts', how: VOLUME_MOUNTS, lock: 'always' },
  { path: 'spec.galera.agent.volumeMounts', how: VOLUME_MOUNTS, lock: 'always' },
  { path: 'spec.galera.initContainer.volumeMounts', how: VOLUME_MOUNTS, lock: 'always' },
  { path: 'spec.maxScale.services[*].router', how: 'add a new service with the other router and remove this one', lock: 'always', unset: '' },
  { path: 'spec.maxScale.services[*].listener.port', how: 'add a new service with the other port and remove this one', lock: 'always', unset: 0 },
  { path: 'spec.maxScale.monitor.module', how: MAXSCALE, lock: 'once', unset: '' },
  { path: 'spec.maxScale.auth.generate', how: MAXSCALE, lock: 'once' },
  { path: 'spec.maxScale.auth.adminUsername', how: MAXSCALE, lock: 'once', unset: '' },
  { path: 'spec.maxScale.auth.adminPasswordSecretKeyRef', how: MAXSCALE, lock: 'once', unset: {} },
  { path: 'spec.maxScale.auth.deleteDefaultAdmin', how: MAXSCALE, lock: 'once' },
  { path: 'spec.maxScale.auth.metricsUsername', how: MAXSCALE, lock: 'once', unset: '' },
  { path: 'spec.maxScale.auth.clientUsername', how: MAXSCALE, lock: 'once', unset: '' },
  { path: 'spec.maxScale.auth.clientMaxConnections', how: MAXSCALE, lock: 'once', unset: 0 },
  { path: 'spec.maxScale.auth.serverUsername', how: MAXSCALE, lock: 'once', unset: '' },
  { path: 'spec.maxScale.auth.serverMaxConnections', how: MAXSCALE, lock: 'once', unset: 0 },
  { path: 'spec.maxScale.auth.monitorUsername', how: MAXSCALE, lock: 'once', unset: '' },
  { path: 'spec.maxScale.auth.monitorMaxConnections', how: MAXSCALE, lock: 'once', unset: 0 },
  { path: 'spec.maxScale.auth.syncUsername', how: MAXSCALE, lock: 'once' },
  { path: 'spec.maxScale.auth.syncMaxConnections', how: MAXSCALE, lock: 'once' },
  { path: 'spec.maxScale.metrics.exporter.imagePullSecrets', how: MAXSCALE_EXPORTER, lock: 'always' },
  { path: 'spec.maxScale.metrics.exporter.affinity.antiAffinityEnabled', how: MAXSCALE_EXPORTER, lock: 'always' },
  { path: 'spec.maxScale.metrics.exporter.priorityClassName', how: MAXSCALE_EXPORTER, lock: 'always' },
  { path: 'spec.maxScale.connection.secretName', how: MAXSCALE, lock: 'once' },
].map((f) => ({ ...f, lock: f.lock as 'always' | 'once', operatorVersions: V25 }));

/** The storage size an object asks for, and where: size, else the claim template's request. */
function requestedStorage(object: unknown): { path: string; value: unknown } | undefined {
  const storage = objectAt(objectAt(object, 'spec'), 'storage');
  if (storage?.size !== undefined) return { path: 'spec.storage.size', value: storage.size };
  const request = objectAt(objectAt(objectAt(storage, 'volumeClaimTemplate'), 'resources'), 'requests')?.storage;
  if (request !== undefined) return { path: 'spec.storage.volumeClaimTemplate.resources.requests.storage', value: request };
  return undefined;
}

/**
 * Its own rule, not an immutable field: growing is allowed, and sizes compare as quantities (1Gi = 1024Mi). The
 * operator refuses the same ("Storage size cannot be decreased"), comparing the claim template's request (which
 * its defaults, and mdbkit's, keep equal to spec.storage.size).
 */
export const storageShrink = defineRule({
  id: 'mariadb/storage-shrink',
  kinds: [MARIADB],
  on: ['UPDATE'],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'An update makes the storage size smaller.',
  why: 'PersistentVolumeClaims can only grow: the operator refuses the change, and could not apply it.',
  fix: 'Keep the size or grow it; for a smaller volume, create a new MariaDB and migrate the data.',
  noCelTwin: STORED,
  check({ object, ctx, at }) {
    const before = requestedStorage(ctx.oldObject);
    const after = requestedStorage(object);
    if (!before || !after || compareQuantities(after.value, before.value) !== -1) return [];
    return [
      at(
        after.path,
        `Forbidden: storage cannot shrink from ${String(before.value)} to ${String(after.value)}: PersistentVolumeClaims can only grow; keep ${String(before.value)} or more, or create a new MariaDB with the smaller size and migrate the data`,
      ),
    ];
  },
});

export const immutableField = immutableFieldsRule({
  id: 'mariadb/immutable-field',
  kinds: [MARIADB],
  what: "An update changes a field the operator's webhook keeps as it was created (or, for some, as first set).",
  why: 'The operator refuses the update; its controllers only read these fields when they create the server, its claims, users and Connections.',
  fix: 'Put back the stored value the message shows; the message says how to make the change another way.',
  // CEL twins (transition rules, schemas/_overlays/mariadb-operator/mariadb-lifecycle.overlay.json) cover the
  // scalar fields where both sides have them; adding or removing a field, and the structs and lists, only this rule.
  fields: [...BOTH, ...ONLY_26, ...ONLY_25],
});

function switchOf(object: unknown, method: 'galera' | 'replication'): boolean {
  return objectAt(objectAt(object, 'spec'), method)?.enabled === true;
}

/** A warning, not a denial: the operator accepts turning Galera or replication on or off on an existing MariaDB. */
export const haMethodChange = defineRule({
  id: 'mariadb/ha-method-change',
  kinds: [MARIADB],
  on: ['UPDATE'],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'An update turns spec.galera or spec.replication on or off on an existing MariaDB.',
  why: 'The operator accepts it and reconfigures the running Pods in place; it does not migrate the data between topologies, so a failed switch leaves a cluster to recover by hand.',
  fix: 'Take a backup first; for production, prefer a new MariaDB with the topology you want and migrate the data.',
  noCelTwin: STORED,
  check({ object, ctx, at }) {
    return (['galera', 'replication'] as const).flatMap((method) => {
      const before = switchOf(ctx.oldObject, method);
      const after = switchOf(object, method);
      if (before === after) return [];
      return [
        at(
          `spec.${method}.enabled`,
          `Invalid value: ${after}: spec.${method}.enabled was ${before} in the stored MariaDB: the operator reconfigures the running Pods but does not migrate the data; take a backup first, or create a new MariaDB with this topology and migrate`,
        ),
      ];
    });
  },
});

/** A warning, not a denial: the operator accepts the change but never applies it to the StatefulSet's claims. */
export const claimTemplateClassChange = defineRule({
  id: 'mariadb/claim-template-class-change',
  kinds: [MARIADB],
  on: ['UPDATE'],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'An update changes spec.storage.volumeClaimTemplate.storageClassName.',
  why: "The operator accepts it, but only updates its StatefulSet's Pod template, never the volume claim templates: the existing volumes keep their class and the spec no longer says which they have.",
  fix: 'Keep the stored class; for another class, create a new MariaDB with it and migrate the data.',
  noCelTwin: STORED,
  check({ object, ctx, at }) {
    const storage = (o: unknown) => objectAt(objectAt(o, 'spec'), 'storage');
    const templateClass = (o: unknown) => objectAt(storage(o), 'volumeClaimTemplate')?.storageClassName;
    const before = templateClass(ctx.oldObject);
    const after = templateClass(object);
    if (before === undefined || before === null || jsonEqual(before, after)) return [];
    // The template follows spec.storage.storageClassName: a change there is mariadb/immutable-field's denial.
    if (!jsonEqual(storage(ctx.oldObject)?.storageClassName ?? '', storage(object)?.storageClassName ?? '')) return [];
    const given = after === undefined || after === null ? 'unset' : JSON.stringify(after);
    return [
      at(
        'spec.storage.volumeClaimTemplate.storageClassName',
        `Invalid value: ${given}: the stored claim template's class is ${JSON.stringify(before)}, and the operator never updates the claims of its StatefulSet, so the volumes keep it; ${NEW_MARIADB}`,
      ),
    ];
  },
});

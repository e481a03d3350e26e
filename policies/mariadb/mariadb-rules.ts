// What the MariaDB operator would reject, or accept and then run badly: topology, storage, credentials
// and the changes an UPDATE cannot make. Value checks the schema already makes (durations, quantities,
// enums, ranges) are not repeated here. Wording follows the operator's own webhook where it has one:
// https://github.com/mariadb-operator/mariadb-operator/blob/main/internal/webhook/v1alpha1/mariadb_webhook.go
import type { FieldError } from '../field-error.js';
import { immutableChanges, immutableMessage, valueAtPath } from '../immutable-fields.js';
import type { KubeObject } from '../kube-object.js';
import { arrayAt, isObject, numberAt, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import { plaintextPasswordFindings } from '../plaintext-secrets.js';
import type { PolicyContext } from '../policy-context.js';
import { compareQuantities } from '../quantity.js';
import { defineRule } from '../rule-catalog.js';
import { embeddedMaxScaleName } from './mariadb-defaults.js';

export const galeraAndReplication = defineRule({
  id: 'mariadb/galera-and-replication',
  severity: 'error',
  what: 'spec.galera.enabled and spec.replication.enabled are both true.',
  why: 'The operator runs one high-availability method per MariaDB; with both it rejects the resource and no cluster is built.',
  fix: 'Keep Galera (multi-primary) or replication (primary with replicas), and disable the other.',
  reason: 'FieldValueForbidden',
});

export const replicasWithoutHa = defineRule({
  id: 'mariadb/replicas-without-ha',
  severity: 'error',
  what: 'spec.replicas is above 1 while neither Galera nor replication is enabled.',
  why: 'The StatefulSet would run independent servers, each with its own data, behind one Service: clients see different data per connection.',
  fix: 'Enable spec.galera or spec.replication, or set spec.replicas to 1.',
  reason: 'FieldValueInvalid',
});

export const haSingleReplica = defineRule({
  id: 'mariadb/ha-single-replica',
  severity: 'error',
  what: 'Galera or replication is enabled with spec.replicas of 1 or less.',
  why: 'There is no other server to fail over to: the cluster machinery runs (and costs) but the first failure is still an outage.',
  fix: 'Set spec.replicas to 3 for Galera, or 2 or more for replication; or disable the HA method for a single server.',
  reason: 'FieldValueInvalid',
});

export const galeraEvenReplicas = defineRule({
  id: 'mariadb/galera-even-replicas',
  severity: 'error',
  what: 'Galera runs an even number of replicas (4 or more) without spec.replicasAllowEvenNumber.',
  why: 'A network split into two equal halves leaves neither with a majority: the whole cluster stops taking writes (split brain protection).',
  fix: 'Use an odd number of replicas, or set spec.replicasAllowEvenNumber: true if you accept that risk.',
  reason: 'FieldValueInvalid',
});

export const galeraTwoReplicas = defineRule({
  id: 'mariadb/galera-two-replicas',
  severity: 'error',
  what: 'Galera runs exactly 2 replicas.',
  why: 'When either node fails the survivor has no majority and stops: two nodes are less available than one, whatever spec.replicasAllowEvenNumber says.',
  fix: 'Use 3 replicas (or 1 without Galera).',
  reason: 'FieldValueInvalid',
});

export const primaryPodIndexOutOfRange = defineRule({
  id: 'mariadb/primary-pod-index-out-of-range',
  severity: 'error',
  what: 'spec.galera.primary.podIndex or spec.replication.primary.podIndex is not below spec.replicas.',
  why: 'The primary would be a pod that does not exist: the operator cannot configure a primary and the cluster never becomes ready.',
  fix: 'Set podIndex between 0 and spec.replicas - 1.',
  reason: 'FieldValueInvalid',
});

export const ephemeralStorageHa = defineRule({
  id: 'mariadb/ephemeral-storage-ha',
  severity: 'error',
  what: 'spec.storage.ephemeral is true for more than one replica, or with Galera or replication.',
  why: 'An emptyDir is wiped whenever its pod moves or restarts: every restart turns into a full resync, and losing all pods loses the data.',
  fix: 'Remove spec.storage.ephemeral and set spec.storage.size; keep ephemeral storage for a throwaway single server.',
  reason: 'FieldValueForbidden',
});

export const storageSizeRequired = defineRule({
  id: 'mariadb/storage-size-required',
  severity: 'error',
  what: 'spec.storage has neither size nor volumeClaimTemplate (and is not ephemeral).',
  why: 'The operator cannot build the PersistentVolumeClaims, so the StatefulSet is never created.',
  fix: 'Set spec.storage.size (such as 1Gi), or a full spec.storage.volumeClaimTemplate.',
  reason: 'FieldValueRequired',
});

export const rootEmptyPasswordWithSecret = defineRule({
  id: 'mariadb/root-empty-password-with-secret',
  severity: 'error',
  what: 'spec.rootEmptyPassword is true while spec.rootPasswordSecretKeyRef is set.',
  why: 'The two contradict each other; the operator rejects the resource rather than guess whether root has a password.',
  fix: 'Remove spec.rootEmptyPassword (recommended) or spec.rootPasswordSecretKeyRef.',
  reason: 'FieldValueForbidden',
});

export const maxScaleRefConflict = defineRule({
  id: 'mariadb/maxscale-ref-conflict',
  severity: 'error',
  what: 'spec.maxScale.enabled is true and spec.maxScaleRef names a MaxScale other than the embedded one.',
  why: 'The operator would create the embedded MaxScale and also delegate failover to another one: two proxies would fight over the primary.',
  fix: 'Remove spec.maxScaleRef to use the embedded MaxScale, or remove spec.maxScale to use your own MaxScale.',
  reason: 'FieldValueForbidden',
});

export const plaintextPassword = defineRule({
  id: 'mariadb/plaintext-password',
  severity: 'error',
  what: 'An env variable of the MariaDB pods holds a password as a literal value.',
  why: 'Anyone who can read the MariaDB, its StatefulSet or its pods (or the Git repository it comes from) can read the password.',
  fix: 'Store the password in a Secret and reference it with valueFrom.secretKeyRef.',
  reason: 'FieldValueForbidden',
});

export const storageShrink = defineRule({
  id: 'mariadb/storage-shrink',
  severity: 'error',
  what: 'An update makes the storage size smaller.',
  why: 'PersistentVolumeClaims can only grow: the operator cannot apply the change and the MariaDB stays stuck mid-update.',
  fix: 'Keep the size or grow it; for a smaller volume, create a new MariaDB and migrate the data.',
  reason: 'FieldValueForbidden',
});

export const immutableField = defineRule({
  id: 'mariadb/immutable-field',
  severity: 'error',
  what: 'An update changes a field the operator only reads when the MariaDB is created.',
  why: 'The change would be stored but never applied (or break the StatefulSet update), so the object would lie about the running cluster.',
  fix: 'Revert the field; the message says how to make the change another way.',
  reason: 'FieldValueForbidden',
});

const NEW_MARIADB = 'create a new MariaDB with the value you want and migrate the data (backup and restore)';
const CONNECTION_ONCE = 'the operator creates this Connection once; edit the Connection resource it made, or create another Connection';

/** Fields an UPDATE must not change, each with how to reach the same goal. */
export const IMMUTABLE_FIELDS: ReadonlyArray<{ path: string; how: string }> = [
  { path: 'spec.storage.storageClassName', how: `a StatefulSet's volume claims cannot change class; ${NEW_MARIADB}` },
  { path: 'spec.storage.volumeClaimTemplate.storageClassName', how: `a StatefulSet's volume claims cannot change class; ${NEW_MARIADB}` },
  { path: 'spec.database', how: 'the operator creates the initial database only once; create other databases with Database resources' },
  { path: 'spec.username', how: 'the operator creates the initial user only once; create other users with User and Grant resources' },
  { path: 'spec.connection', how: CONNECTION_ONCE },
  { path: 'spec.primaryConnection', how: CONNECTION_ONCE },
  { path: 'spec.secondaryConnection', how: CONNECTION_ONCE },
];

const TOPOLOGY_HOW = 'an existing MariaDB cannot switch its high-availability method; create a new MariaDB with the topology you want and migrate the data';

/** Switches where unset means false: only turning them on or off is a change, not writing `false` out. */
const IMMUTABLE_SWITCHES: ReadonlyArray<{ path: string; how: string }> = [
  { path: 'spec.galera.enabled', how: TOPOLOGY_HOW },
  { path: 'spec.replication.enabled', how: TOPOLOGY_HOW },
  { path: 'spec.storage.ephemeral', how: `a StatefulSet cannot switch between emptyDir and volume claims; ${NEW_MARIADB}` },
];

/** The containers whose env reaches the MariaDB pods, besides initContainers and sidecarContainers. */
const ENV_PATHS = ['spec.env', 'spec.galera.agent.env', 'spec.galera.initContainer.env', 'spec.replication.agent.env', 'spec.replication.initContainer.env'];

function enabled(spec: JsonObject, key: 'galera' | 'replication'): boolean {
  return objectAt(spec, key)?.enabled === true;
}

/** spec.replicas as the operator reads it: 1 when unset; undefined when mistyped (the schema reports it). */
function replicasOf(spec: JsonObject): number | undefined {
  if (spec.replicas === undefined) return 1;
  return numberAt(spec, 'replicas');
}

function replicasText(spec: JsonObject, replicas: number): string {
  return spec.replicas === undefined ? `${replicas} (the default)` : String(replicas);
}

function topologyFindings(spec: JsonObject): FieldError[] {
  const findings: FieldError[] = [];
  const galera = enabled(spec, 'galera');
  const replication = enabled(spec, 'replication');
  const replicas = replicasOf(spec);
  if (galera && replication) {
    findings.push(
      galeraAndReplication.at(
        'spec.replication.enabled',
        'Forbidden: spec.galera.enabled and spec.replication.enabled cannot both be true: keep one high-availability method and set the other to false',
      ),
    );
  }
  if (replicas === undefined) return findings;
  const shown = replicasText(spec, replicas);
  if (!galera && !replication && replicas > 1) {
    findings.push(
      replicasWithoutHa.at(
        'spec.replicas',
        `Invalid value: ${replicas}: more than one replica needs spec.galera.enabled or spec.replication.enabled, else they are ${replicas} independent servers with different data: enable one, or set spec.replicas to 1`,
      ),
    );
  }
  if ((galera || replication) && replicas <= 1) {
    const method = galera ? 'Galera' : 'replication';
    const advice = galera ? 'set spec.replicas to 3' : 'set spec.replicas to 2 or more';
    findings.push(haSingleReplica.at('spec.replicas', `Invalid value: ${shown}: ${method} has no other server to fail over to: ${advice}, or disable ${method}`));
  }
  if (galera && replicas === 2) {
    findings.push(
      galeraTwoReplicas.at(
        'spec.replicas',
        'Invalid value: 2: a 2-node Galera cluster stops when either node fails (the survivor has no quorum): use 3 replicas; spec.replicasAllowEvenNumber does not make 2 safe',
      ),
    );
  }
  // 2 has its own rule above: one mistake, one finding.
  if (galera && replicas >= 4 && replicas % 2 === 0 && spec.replicasAllowEvenNumber !== true) {
    findings.push(
      galeraEvenReplicas.at(
        'spec.replicas',
        `Invalid value: ${replicas}: an even number of Galera nodes can split into halves where neither has quorum (split brain): use ${replicas - 1} or ${replicas + 1}, or set spec.replicasAllowEvenNumber: true to accept the risk`,
      ),
    );
  }
  for (const method of ['galera', 'replication'] as const) {
    if (!enabled(spec, method)) continue;
    const podIndex = numberAt(objectAt(objectAt(spec, method), 'primary'), 'podIndex');
    if (podIndex !== undefined && podIndex >= replicas) {
      const range = replicas > 0 ? `pods are numbered 0 to ${replicas - 1}` : 'there are no pods';
      findings.push(
        primaryPodIndexOutOfRange.at(
          `spec.${method}.primary.podIndex`,
          `Invalid value: ${podIndex}: out of range for spec.replicas ${shown} (${range}): set a podIndex below spec.replicas`,
        ),
      );
    }
  }
  return findings;
}

function storageFindings(spec: JsonObject): FieldError[] {
  const storage = objectAt(spec, 'storage');
  // A mistyped storage is the schema's finding.
  if (spec.storage !== undefined && !storage) return [];
  if (storage?.ephemeral === true) {
    const replicas = replicasOf(spec);
    if (enabled(spec, 'galera') || enabled(spec, 'replication') || (replicas !== undefined && replicas > 1)) {
      return [
        ephemeralStorageHa.at(
          'spec.storage.ephemeral',
          'Forbidden: ephemeral storage is wiped when a pod restarts, so it is only for a single replica without Galera or replication: remove spec.storage.ephemeral and set spec.storage.size',
        ),
      ];
    }
    return [];
  }
  if (storage?.size === undefined && storage?.volumeClaimTemplate === undefined) {
    return [
      storageSizeRequired.at(
        'spec.storage.size',
        'Required value: set spec.storage.size (such as 1Gi) or spec.storage.volumeClaimTemplate, so the operator can create the data volumes',
      ),
    ];
  }
  return [];
}

function credentialAndReferenceFindings(object: KubeObject, spec: JsonObject, ctx: PolicyContext): FieldError[] {
  const findings: FieldError[] = [];
  if (spec.rootEmptyPassword === true && spec.rootPasswordSecretKeyRef !== undefined) {
    findings.push(
      rootEmptyPasswordWithSecret.at(
        'spec.rootEmptyPassword',
        'Forbidden: spec.rootEmptyPassword: true contradicts spec.rootPasswordSecretKeyRef: remove spec.rootEmptyPassword to keep the root password, or remove spec.rootPasswordSecretKeyRef',
      ),
    );
  }
  const maxScaleRef = spec.maxScaleRef;
  if (objectAt(spec, 'maxScale')?.enabled === true && maxScaleRef !== undefined && !isEmbeddedMaxScaleRef(object, maxScaleRef, ctx)) {
    const named = stringAt(maxScaleRef, 'name');
    const which = named !== undefined ? `names MaxScale "${named}"` : 'is set';
    const name = stringAt(object.metadata, 'name');
    const embedded = name !== undefined ? ` "${embeddedMaxScaleName(name)}"` : '';
    findings.push(
      maxScaleRefConflict.at(
        'spec.maxScaleRef',
        `Forbidden: spec.maxScaleRef ${which} while spec.maxScale.enabled creates the embedded MaxScale${embedded}: remove spec.maxScaleRef to use the embedded one, or remove spec.maxScale to use your own`,
      ),
    );
  }
  for (const path of ENV_PATHS) findings.push(...plaintextPasswordFindings(valueAtPath(object, path), path, plaintextPassword));
  for (const list of ['initContainers', 'sidecarContainers']) {
    (arrayAt(spec, list) ?? []).forEach((container, i) => {
      if (isObject(container)) findings.push(...plaintextPasswordFindings(container.env, `spec.${list}[${i}].env`, plaintextPassword));
    });
  }
  return findings;
}

/**
 * The operator sets maxScaleRef to the MaxScale it creates for spec.maxScale, and so does our
 * defaulting: a ref to exactly `<name>-maxscale` in the same namespace is that MaxScale, not a second
 * one, so defaulted objects (and users who copy the operator's output) pass.
 */
function isEmbeddedMaxScaleRef(object: KubeObject, ref: unknown, ctx: PolicyContext): boolean {
  const name = stringAt(object.metadata, 'name');
  if (name === undefined || !isObject(ref)) return false;
  const ownNamespace = stringAt(object.metadata, 'namespace') ?? ctx.namespace;
  const keys = Object.keys(ref).filter((k) => ref[k] !== undefined);
  const namespaceOk = ref.namespace === undefined || ref.namespace === ownNamespace;
  return ref.name === embeddedMaxScaleName(name) && namespaceOk && keys.every((k) => k === 'name' || k === 'namespace');
}

/** The storage size an object asks for, and where: size, else the claim template's request. */
function requestedStorage(object: unknown): { path: string; value: unknown } | undefined {
  const storage = objectAt(objectAt(object, 'spec'), 'storage');
  if (storage?.size !== undefined) return { path: 'spec.storage.size', value: storage.size };
  const request = objectAt(objectAt(objectAt(storage, 'volumeClaimTemplate'), 'resources'), 'requests')?.storage;
  if (request !== undefined) return { path: 'spec.storage.volumeClaimTemplate.resources.requests.storage', value: request };
  return undefined;
}

function updateFindings(object: KubeObject, oldObject: KubeObject): FieldError[] {
  const findings: FieldError[] = [];
  const before = requestedStorage(oldObject);
  const after = requestedStorage(object);
  if (before && after && compareQuantities(after.value, before.value) === -1) {
    findings.push(
      storageShrink.at(
        after.path,
        `Forbidden: storage cannot shrink from ${String(before.value)} to ${String(after.value)}: PersistentVolumeClaims can only grow; keep ${String(before.value)} or more, or create a new MariaDB with the smaller size and migrate the data`,
      ),
    );
  }
  findings.push(...immutableChanges(oldObject, object, [...IMMUTABLE_FIELDS], immutableField));
  // Turning Galera on for a standalone server is a switch too, though the old object left it unset.
  for (const { path, how } of IMMUTABLE_SWITCHES) {
    if ((valueAtPath(oldObject, path) === true) !== (valueAtPath(object, path) === true)) findings.push(immutableField.at(path, immutableMessage(how)));
  }
  return findings;
}

/** Every finding of the MariaDB rules; never throws on mistyped input. */
export function mariadbFindings(object: KubeObject, ctx: PolicyContext): FieldError[] {
  const spec = objectAt(object, 'spec');
  if (!spec) return [];
  const findings = [...topologyFindings(spec), ...storageFindings(spec), ...credentialAndReferenceFindings(object, spec, ctx)];
  if (ctx.operation === 'UPDATE' && ctx.oldObject) findings.push(...updateFindings(object, ctx.oldObject));
  return findings;
}

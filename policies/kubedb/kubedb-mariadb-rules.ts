// What KubeDB's MariaDB webhook rejects, or accepts and then runs badly, and the cross-document check it
// cannot make up front: that the PlacementPolicy of a distributed MariaDB places every pod exactly once.
// Wording follows KubeDB's own webhook where it has one:
// https://github.com/kubedb/apimachinery/blob/master/apis/kubedb/v1/mariadb_webhook.go
// Value checks the schema already makes (enums, patterns, types) are not repeated here.
import type { FieldError } from '../field-error.js';
import { immutableMessage, jsonEqual, valueAtPath } from '../immutable-fields.js';
import type { KubeObject } from '../kube-object.js';
import { arrayAt, isObject, numberAt, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import { plaintextPasswordFindings } from '../plaintext-secrets.js';
import type { PolicyContext } from '../policy-context.js';
import { parseQuantity } from '../quantity.js';
import { defineRule } from '../rule-catalog.js';
import { GALERA_MODE, REPLICATION_MODE } from './kubedb-mariadb-defaults.js';
import { CLUSTER_SCOPED_NAMESPACE, PLACEMENT_POLICY_GROUP, placementRules } from './placement-policy-policy.js';

export const replicasBelowOne = defineRule({
  id: 'kubedb/replicas-below-one',
  severity: 'error',
  what: 'spec.replicas is below 1.',
  why: 'KubeDB rejects the MariaDB ("spec.replicas invalid. Value must be greater than zero"); to stop a database, halt it instead.',
  fix: 'Set spec.replicas to 1 for a standalone server or 3 (or another odd number) for a cluster; use spec.halted: true to stop it.',
  reason: 'FieldValueInvalid',
});

export const clusterTooFewReplicas = defineRule({
  id: 'kubedb/cluster-too-few-replicas',
  severity: 'error',
  what: 'A Galera or replication topology with fewer than 3 replicas (2 replicas make a Galera cluster by default).',
  why: 'KubeDB rejects it ("Value must be 3 for mariadb cluster"): with 2 nodes the survivor of a failure has no majority and stops, so 2 is less available than 1.',
  fix: 'Set spec.replicas to 3 (or another odd number), or to 1 without spec.topology for a standalone server.',
  reason: 'FieldValueInvalid',
});

export const galeraEvenReplicas = defineRule({
  id: 'kubedb/galera-even-replicas',
  severity: 'warning',
  what: 'A Galera cluster with an even number of replicas (4 or more).',
  why: 'A network split into two equal halves leaves neither with a majority, and the whole cluster stops taking writes; an odd count always leaves one side with quorum.',
  fix: 'Use an odd number of replicas, such as 3 or 5.',
  reason: 'FieldValueInvalid',
});

export const durableStorageRequired = defineRule({
  id: 'kubedb/durable-storage-required',
  severity: 'error',
  what: 'storageType is Durable (the default) without spec.storage, or without a positive spec.storage.resources.requests.storage.',
  why: 'KubeDB cannot build the PersistentVolumeClaims: the MariaDB is rejected, or its pods stay Pending on a claim no volume can satisfy.',
  fix: 'Set spec.storage with accessModes and resources.requests.storage (such as 1Gi), or storageType: Ephemeral for a throwaway database.',
  reason: 'FieldValueRequired',
});

export const haltWithEphemeral = defineRule({
  id: 'kubedb/halt-with-ephemeral',
  severity: 'error',
  what: 'deletionPolicy Halt (also set by halted: true) with storageType Ephemeral.',
  why: 'Halt keeps the volumes so the database can come back, and Ephemeral storage has none: KubeDB rejects the combination.',
  fix: 'Use deletionPolicy Delete or WipeOut, or storageType Durable with spec.storage.',
  reason: 'FieldValueForbidden',
});

export const haltedDoNotTerminate = defineRule({
  id: 'kubedb/halted-do-not-terminate',
  severity: 'error',
  what: 'spec.halted: true while deletionPolicy is DoNotTerminate.',
  why: 'Halting deletes the pods, which DoNotTerminate forbids: KubeDB rejects it ("Can\'t halt, since termination policy is \'DoNotTerminate\'").',
  fix: 'Set deletionPolicy to Halt first, then spec.halted: true.',
  reason: 'FieldValueForbidden',
});

export const distributedWithoutPlacementPolicy = defineRule({
  id: 'kubedb/distributed-without-placement-policy',
  severity: 'error',
  what: 'spec.distributed: true without spec.podTemplate.spec.podPlacementPolicy.',
  why: 'Nothing says which cluster each pod runs in: KubeDB rejects a distributed MariaDB without a PlacementPolicy.',
  fix: 'Create a PlacementPolicy with spec.clusterSpreadConstraint.distributionRules and name it in spec.podTemplate.spec.podPlacementPolicy.name.',
  reason: 'FieldValueRequired',
});

export const plaintextPassword = defineRule({
  id: 'kubedb/plaintext-password',
  severity: 'error',
  what: 'An env variable of the MariaDB, exporter or MaxScale containers holds a credential as a literal value.',
  why: 'Anyone who can read the MariaDB, its PetSet or its pods (or the Git repository it comes from) can read the password.',
  fix: 'Store it in a Secret and use valueFrom.secretKeyRef; for the root password use spec.authSecret.',
  reason: 'FieldValueForbidden',
});

export const forbiddenEnv = defineRule({
  id: 'kubedb/forbidden-env',
  severity: 'error',
  what: 'A container of spec.podTemplate sets MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD or MYSQL_ONETIME_PASSWORD.',
  why: 'KubeDB manages the root credentials itself and rejects these variables in any form, value or secretKeyRef ("environment variable MYSQL_ROOT_PASSWORD is forbidden to use in MariaDB spec").',
  fix: 'Remove the variable; put the root credentials in a Secret (keys user and password) and name it in spec.authSecret.',
  reason: 'FieldValueForbidden',
});

export const immutableField = defineRule({
  id: 'kubedb/immutable-field',
  severity: 'error',
  what: 'An update changes a field KubeDB or KubeSlice only reads when the object is created.',
  why: 'The operator\'s webhook refuses the update ("precondition failed"), or the change would be stored but never applied.',
  fix: 'Revert the field; the message says how to make the change another way.',
  reason: 'FieldValueForbidden',
});

export const placementPolicyNotFound = defineRule({
  id: 'kubedb/placement-policy-not-found',
  severity: 'warning',
  what: 'A distributed MariaDB names a PlacementPolicy that does not exist.',
  why: 'KubeDB cannot place the pods and rejects the MariaDB until the PlacementPolicy exists (fine if you create it next).',
  fix: 'Create the PlacementPolicy (cluster-scoped), or correct spec.podTemplate.spec.podPlacementPolicy.name.',
  reason: 'FieldValueNotFound',
});

export const placementReplicaIndexMissing = defineRule({
  id: 'kubedb/placement-replica-index-missing',
  severity: 'error',
  what: 'The PlacementPolicy of a distributed MariaDB places no pod for some replica index from 0 to spec.replicas - 1.',
  why: 'The PetSet controller finds no cluster for that pod ("no cluster found for the given ordinal"): it is never created and the Galera cluster runs a node short.',
  fix: 'Add the missing indices to the replicaIndices of a cluster in the PlacementPolicy (spec.clusterSpreadConstraint.distributionRules), or lower spec.replicas.',
  reason: 'FieldValueInvalid',
});

export const placementReplicaIndexOutOfRange = defineRule({
  id: 'kubedb/placement-replica-index-out-of-range',
  severity: 'warning',
  what: 'The PlacementPolicy of a distributed MariaDB places replica indices at or above spec.replicas.',
  why: 'Those entries place no pod today. KubeDB suggests listing indices ahead of a scale-up, so this is fine on purpose, but it often means the policy was written for another database.',
  fix: 'Keep them if you plan to scale up; otherwise remove them from the PlacementPolicy, or raise spec.replicas.',
  reason: 'FieldValueInvalid',
});

/** Variables KubeDB's webhook forbids in spec.podTemplate.spec.containers (mariaDBforbiddenEnvVars). */
const FORBIDDEN_ENV = new Set(['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD', 'MYSQL_ONETIME_PASSWORD']);

const PLACEMENT_REF_PATH = 'spec.podTemplate.spec.podPlacementPolicy';
const PLACEMENT_NAME_PATH = `${PLACEMENT_REF_PATH}.name`;

/** spec.replicas as KubeDB reads it: 1 when unset; undefined when mistyped (the schema reports it). */
function replicasOf(spec: JsonObject): number | undefined {
  if (spec.replicas === undefined) return 1;
  return numberAt(spec, 'replicas');
}

/** KubeDB's reading of spec.topology: a cluster without a mode is Galera, unless it has a MaxScale. */
function topologyModeOf(spec: JsonObject): string | undefined {
  const topology = spec.topology;
  if (isObject(topology)) {
    if (typeof topology.mode === 'string') return topology.mode;
    return topology.maxscale !== undefined ? REPLICATION_MODE : GALERA_MODE;
  }
  const replicas = replicasOf(spec);
  return replicas !== undefined && replicas > 1 ? GALERA_MODE : undefined;
}

/** KubeDB lets a cluster start below 3 nodes while it recovers from an archiver, before it is initialized. */
function recoveringFromArchiver(spec: JsonObject): boolean {
  const init = objectAt(spec, 'init');
  return isObject(init?.archiver) && init?.initialized !== true;
}

function topologyFindings(spec: JsonObject): FieldError[] {
  const replicas = replicasOf(spec);
  // A fraction is the schema's finding (type integer).
  if (replicas === undefined || !Number.isInteger(replicas)) return [];
  if (replicas < 1) {
    return [replicasBelowOne.at('spec.replicas', `Invalid value: ${replicas}: spec.replicas must be at least 1: use 1 for a standalone server or 3 for a cluster, and spec.halted: true to stop the database`)];
  }
  const mode = topologyModeOf(spec);
  if (mode === undefined) return [];
  const shown = spec.replicas === undefined ? `${replicas} (the default)` : String(replicas);
  if (replicas < 3 && !recoveringFromArchiver(spec)) {
    const advice =
      replicas === 1
        ? 'set spec.replicas to 3, or remove spec.topology for a standalone server'
        : 'set spec.replicas to 3, or to 1 for a standalone server';
    const what = mode === GALERA_MODE ? 'a Galera cluster' : 'a MariaDB replication cluster';
    return [
      clusterTooFewReplicas.at(
        'spec.replicas',
        `Invalid value: ${shown}: ${what} needs at least 3 replicas (with 2, the survivor of a failure has no quorum and stops): ${advice}`,
      ),
    ];
  }
  // 2 is the rule above (or a recovery that starts small): one mistake, one finding.
  if (mode === GALERA_MODE && replicas >= 4 && replicas % 2 === 0) {
    return [
      galeraEvenReplicas.at(
        'spec.replicas',
        `Invalid value: ${replicas}: an even number of Galera nodes can split into halves where neither has quorum: use ${replicas - 1} or ${replicas + 1}`,
      ),
    ];
  }
  return [];
}

function storageFindings(spec: JsonObject): FieldError[] {
  const findings: FieldError[] = [];
  const storageType = spec.storageType ?? 'Durable';
  const deletionPolicy = spec.deletionPolicy ?? (spec.halted === true ? 'Halt' : 'Delete');
  if (storageType === 'Durable') {
    const storage = spec.storage;
    if (storage === undefined) {
      findings.push(
        durableStorageRequired.at(
          'spec.storage',
          'Required value: Durable storage needs spec.storage (accessModes and resources.requests.storage, such as 1Gi), or set storageType: Ephemeral',
        ),
      );
    } else if (isObject(storage)) {
      const request = objectAt(objectAt(storage, 'resources'), 'requests')?.storage;
      const path = 'spec.storage.resources.requests.storage';
      if (request === undefined) {
        findings.push(durableStorageRequired.at(path, 'Required value: set the size of each data volume, such as 1Gi'));
      } else {
        const bytes = parseQuantity(request);
        // A value that is not a quantity is the schema's finding.
        if (bytes !== undefined && bytes <= 0) {
          findings.push(durableStorageRequired.at(path, `Invalid value: ${JSON.stringify(request)}: the storage request must be positive, such as 1Gi`));
        }
      }
    }
  }
  if (storageType === 'Ephemeral' && deletionPolicy === 'Halt') {
    const why = spec.deletionPolicy === undefined ? ' (set by spec.halted: true)' : '';
    findings.push(
      haltWithEphemeral.at(
        'spec.deletionPolicy',
        `Forbidden: deletionPolicy Halt${why} cannot be used with Ephemeral storage: Halt keeps the volumes and an emptyDir has none: use Delete or WipeOut, or storageType Durable`,
      ),
    );
  }
  if (spec.halted === true && spec.deletionPolicy === 'DoNotTerminate') {
    findings.push(
      haltedDoNotTerminate.at('spec.halted', "Forbidden: can't halt, since deletionPolicy is DoNotTerminate: set deletionPolicy to Halt first, then spec.halted: true"),
    );
  }
  return findings;
}

/** Every env list whose variables reach a pod KubeDB runs for this MariaDB, with its path. */
function envLists(spec: JsonObject): Array<{ path: string; env: unknown; checkForbidden: boolean }> {
  const out: Array<{ path: string; env: unknown; checkForbidden: boolean }> = [];
  const templates = [
    { base: 'spec.podTemplate', template: objectAt(spec, 'podTemplate'), database: true },
    { base: 'spec.topology.maxscale.podTemplate', template: objectAt(objectAt(objectAt(spec, 'topology'), 'maxscale'), 'podTemplate'), database: false },
  ];
  for (const { base, template, database } of templates) {
    for (const list of ['containers', 'initContainers']) {
      (arrayAt(objectAt(template, 'spec'), list) ?? []).forEach((container, i) => {
        // KubeDB checks the forbidden variables in the database's containers only.
        if (isObject(container)) out.push({ path: `${base}.spec.${list}[${i}].env`, env: container.env, checkForbidden: database && list === 'containers' });
      });
    }
  }
  out.push({ path: 'spec.monitor.prometheus.exporter.env', env: valueAtPath(spec, 'monitor.prometheus.exporter.env'), checkForbidden: false });
  return out;
}

function envFindings(spec: JsonObject): FieldError[] {
  const findings: FieldError[] = [];
  for (const { path, env, checkForbidden } of envLists(spec)) {
    if (!Array.isArray(env)) continue;
    const forbidden = (entry: unknown): boolean => checkForbidden && isObject(entry) && typeof entry.name === 'string' && FORBIDDEN_ENV.has(entry.name);
    env.forEach((entry, i) => {
      if (!forbidden(entry)) return;
      const { name, value } = entry as JsonObject;
      const plain = typeof value === 'string' && value !== '' ? ', and its value is a plain-text credential (value not shown)' : '';
      findings.push(
        forbiddenEnv.at(
          `${path}[${i}].name`,
          `Forbidden: environment variable ${String(name)} is forbidden to use in MariaDB spec${plain}: KubeDB manages the root credentials: remove it and put them in a Secret named in spec.authSecret`,
        ),
      );
    });
    // One mistake, one finding: a forbidden variable is reported above, whatever its value.
    findings.push(...plaintextPasswordFindings(env.map((entry) => (forbidden(entry) ? undefined : entry)), path, plaintextPassword));
  }
  return findings;
}

function placementReferenceFindings(spec: JsonObject): FieldError[] {
  if (spec.distributed !== true) return [];
  const ref = valueAtPath(spec, 'podTemplate.spec.podPlacementPolicy');
  if (stringAt(ref, 'name')) return [];
  return [
    distributedWithoutPlacementPolicy.at(
      PLACEMENT_REF_PATH,
      "Required value: 'spec.podPlacementPolicy' is required for distributed MariaDB: name a PlacementPolicy whose spec.clusterSpreadConstraint.distributionRules place every replica index",
    ),
  ];
}

function indexList(values: number[]): string {
  return values.length === 1 ? `index ${values[0]}` : `indices ${values.join(', ')}`;
}

/**
 * The PlacementPolicy a distributed MariaDB names must place every pod 0..replicas-1. Findings sit on the
 * MariaDB (the document at hand) and say whether to fix the PlacementPolicy or spec.replicas; duplicates are
 * the PlacementPolicy's own finding (placement-policy-policy.ts). 'unknown' (not in the lint run, or the
 * cluster could not be asked) is silent.
 */
async function placementCoverageFindings(object: KubeObject, spec: JsonObject, ctx: PolicyContext): Promise<FieldError[]> {
  if (spec.distributed !== true) return [];
  const name = stringAt(valueAtPath(spec, 'podTemplate.spec.podPlacementPolicy'), 'name');
  const replicas = replicasOf(spec);
  if (!name || replicas === undefined || replicas < 1 || !Number.isInteger(replicas)) return [];
  const found = await ctx.reader.get({ kind: 'PlacementPolicy', group: PLACEMENT_POLICY_GROUP, namespace: CLUSTER_SCOPED_NAMESPACE, name });
  if (found === 'unknown') return [];
  if (found === undefined) {
    return [placementPolicyNotFound.at(PLACEMENT_NAME_PATH, `Not found: PlacementPolicy "${name}" does not exist: create it, or correct the name`)];
  }
  const pod = (i: number) => `${stringAt(object.metadata, 'name') ?? '<name>'}-${i}`;
  const rules = placementRules(found);
  if (!rules) {
    return [
      placementReplicaIndexMissing.at(
        PLACEMENT_NAME_PATH,
        `Invalid value: "${name}": PlacementPolicy "${name}" has no distribution rules, so none of the ${replicas} pods is placed: fix the PlacementPolicy: add spec.clusterSpreadConstraint.distributionRules giving each index 0 to ${replicas - 1} a cluster`,
      ),
    ];
  }
  const placed = new Set(rules.rules.flatMap((rule) => rule.indices.map((index) => index.value)));
  const missing = Array.from({ length: replicas }, (_, i) => i).filter((i) => !placed.has(i));
  const beyond = [...placed].filter((i) => i >= replicas).sort((a, b) => a - b);
  const findings: FieldError[] = [];
  if (missing.length > 0) {
    const pods = missing.map(pod).join(', ');
    findings.push(
      placementReplicaIndexMissing.at(
        PLACEMENT_NAME_PATH,
        `Invalid value: "${name}": PlacementPolicy "${name}" places no pod for replica ${indexList(missing)} (${pods}) of the ${replicas} replicas: fix the PlacementPolicy: add ${missing.join(', ')} to the ${rules.indexKey} of a cluster in its ${rules.path}, or lower spec.replicas`,
      ),
    );
  }
  if (beyond.length > 0) {
    findings.push(
      placementReplicaIndexOutOfRange.at(
        PLACEMENT_NAME_PATH,
        `Invalid value: "${name}": PlacementPolicy "${name}" places replica ${indexList(beyond)}, but spec.replicas is ${replicas} (indices 0 to ${replicas - 1}): fine as room to scale up; otherwise fix the PlacementPolicy (remove them from its ${rules.path}) or raise spec.replicas`,
      ),
    );
  }
  return findings;
}

const NEW_DATABASE = 'create a new MariaDB with the value you want and migrate the data (backup and restore)';

function updateFindings(spec: JsonObject, oldObject: KubeObject): FieldError[] {
  const findings: FieldError[] = [];
  const oldSpec = objectAt(oldObject, 'spec');
  if (!oldSpec) return findings;
  // Unset means Durable on both sides, so writing the default out is not a change.
  if ((oldSpec.storageType ?? 'Durable') !== (spec.storageType ?? 'Durable')) {
    findings.push(immutableField.at('spec.storageType', immutableMessage(`the pods' volumes cannot switch between PersistentVolumeClaims and emptyDir; ${NEW_DATABASE}`)));
  }
  if (objectAt(oldSpec, 'init')?.initialized === true && !jsonEqual(oldSpec.init, spec.init)) {
    findings.push(immutableField.at('spec.init', immutableMessage('the database has been initialized, so spec.init is no longer read; run scripts against the database directly')));
  }
  return findings;
}

/** Every finding of the KubeDB MariaDB rules; never throws on mistyped input. */
export async function kubedbMariaDBFindings(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const spec = objectAt(object, 'spec');
  if (!spec) return [];
  const findings = [...topologyFindings(spec), ...storageFindings(spec), ...envFindings(spec), ...placementReferenceFindings(spec)];
  findings.push(...(await placementCoverageFindings(object, spec, ctx)));
  if (ctx.operation === 'UPDATE' && ctx.oldObject) findings.push(...updateFindings(spec, ctx.oldObject));
  return findings;
}

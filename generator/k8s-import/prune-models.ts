import type { ClientNodeModel, ModelField } from './read-client-node-models.js';

type PruneRule = (model: ClientNodeModel) => ClientNodeModel;

// The volume sources the MariaDB operators accept; the rest would pull in dozens of cloud-disk types.
const ACCEPTED_VOLUME_FIELDS = [
  'name',
  'emptyDir',
  'configMap',
  'secret',
  'persistentVolumeClaim',
  'hostPath',
  'nfs',
  'csi',
  'downwardAPI',
  'projected',
];

// Sidecar and init containers of a database pod need no more than this.
const SIDECAR_CONTAINER_FIELDS = [
  'name',
  'image',
  'imagePullPolicy',
  'command',
  'args',
  'env',
  'envFrom',
  'ports',
  'resources',
  'volumeMounts',
  'securityContext',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'workingDir',
];

/** Drops volume sources the operators reject, so their types are never walked. */
export const keepAcceptedVolumeSources: PruneRule = (model) => keepOnlyFields(model, ACCEPTED_VOLUME_FIELDS);

/** Keeps a container to what a database pod's sidecar needs, keeping CRDs far under the 256 KiB limit. */
export const keepSidecarContainerFields: PruneRule = (model) => keepOnlyFields(model, SIDECAR_CONTAINER_FIELDS);

/** Pruning rules by client-node class name; models not listed are kept whole (ObjectMeta included). */
export const PRUNE_RULES: ReadonlyMap<string, PruneRule> = new Map([
  ['V1Volume', keepAcceptedVolumeSources],
  ['V1Container', keepSidecarContainerFields],
]);

export function pruneModel(model: ClientNodeModel): ClientNodeModel {
  const rule = PRUNE_RULES.get(model.className);
  return rule ? rule(model) : model;
}

/** Fails when a kept field no longer exists, so an upstream rename cannot silently empty the list. */
function keepOnlyFields(model: ClientNodeModel, keep: readonly string[]): ClientNodeModel {
  const byName = new Map(model.fields.map((field): [string, ModelField] => [field.jsonName, field]));
  const missing = keep.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw new Error(`${model.className} has no field(s) ${missing.join(', ')} to keep`);
  }
  return { ...model, fields: model.fields.filter((field) => keep.includes(field.jsonName)) };
}

import type { ClientNodeModel, ModelField } from './read-client-node-models.js';

type PruneRule = (model: ClientNodeModel) => ClientNodeModel;

// The MariaDB operators embed lean copies of several Kubernetes types (mariadb-operator's
// api/v1alpha1 kubernetes_types.go): the API server prunes every other field from their CRDs, so a
// field outside these lists would be silently dropped, and must be an error here. Keeping to them
// is also what keeps the MariaDB CRD, where these types repeat, under the 256 KiB apply limit.
const OPERATOR_LEAN_TYPES: ReadonlyArray<[string, readonly string[]]> = [
  ['V1Volume', ['name', 'emptyDir', 'configMap', 'secret', 'persistentVolumeClaim', 'hostPath', 'nfs', 'csi']],
  ['V1ConfigMapVolumeSource', ['name', 'defaultMode']],
  ['V1SecretVolumeSource', ['secretName', 'defaultMode']],
  ['V1EmptyDirVolumeSource', ['medium', 'sizeLimit']],
  ['V1NFSVolumeSource', ['server', 'path', 'readOnly']],
  ['V1CSIVolumeSource', ['driver', 'readOnly', 'fsType', 'volumeAttributes', 'nodePublishSecretRef']],
  ['V1HostPathVolumeSource', ['path', 'type']],
  ['V1PersistentVolumeClaimVolumeSource', ['claimName', 'readOnly']],
  ['V1VolumeMount', ['name', 'readOnly', 'mountPath', 'subPath']],
  ['V1EnvVarSource', ['fieldRef', 'configMapKeyRef', 'secretKeyRef']],
  ['V1ObjectFieldSelector', ['apiVersion', 'fieldPath']],
  ['V1EnvFromSource', ['prefix', 'configMapRef', 'secretRef']],
  ['V1Probe', ['exec', 'httpGet', 'tcpSocket', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']],
  ['V1HTTPGetAction', ['path', 'port', 'host', 'scheme']],
  ['V1ResourceRequirements', ['limits', 'requests']],
  ['V1SecurityContext', ['capabilities', 'privileged', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation']],
  [
    'V1PodSecurityContext',
    ['seLinuxOptions', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'supplementalGroups', 'fsGroup', 'fsGroupChangePolicy', 'seccompProfile', 'appArmorProfile'],
  ],
  ['V1Affinity', ['nodeAffinity', 'podAntiAffinity']],
  ['V1PodAffinityTerm', ['labelSelector', 'topologyKey']],
  ['V1PersistentVolumeClaimSpec', ['accessModes', 'selector', 'resources', 'storageClassName']],
  [
    'V1TopologySpreadConstraint',
    ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy', 'matchLabelKeys'],
  ],
  // Sidecar and init containers of a database pod need no more than this.
  [
    'V1Container',
    [
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
    ],
  ],
];

/** Pruning rules by client-node class name; models not listed are kept whole (ObjectMeta included). */
export const PRUNE_RULES: ReadonlyMap<string, PruneRule> = new Map(
  OPERATOR_LEAN_TYPES.map(([className, keep]): [string, PruneRule] => [className, (model) => keepOnlyFields(model, keep)]),
);

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

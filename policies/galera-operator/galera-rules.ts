// What the Galera operator would reject, crash on, or run badly in a Galera: the cluster size, an image it
// cannot read a version from, downgrades, passwords outside Secrets, and the keys of the Secret and ConfigMaps
// it reads. Checks the schema already makes (types, enums, required fields) are not repeated here.
// The operator's API: https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/apis/apigalera/v1beta2/galera_types.go
import type { FieldError } from '../field-error.js';
import { valueAtPath } from '../immutable-fields.js';
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, stringAt, type JsonObject } from '../object-fields.js';
import { plaintextPasswordFindings } from '../plaintext-secrets.js';
import type { PolicyContext } from '../policy-context.js';
import { GALERA_RULES } from './galera-rules-catalog.js';
import { compareVersions, imageVersion, parseImageReference, parseVersionTag } from './image-version.js';
import { missingKeyFindings, type KeyedReference } from './referenced-keys.js';
import { s3CredentialsReference, s3Findings } from './s3-storage.js';

const SUPPORTED_REPLICAS = [3, 5, 7, 9] as const;

/** Every env list that reaches a Galera pod: the galera container, the metrics sidecar, the special node. */
const ENV_PATHS = ['spec.pod.env', 'spec.pod.metric.env', 'spec.special.specialEnv'] as const;

/**
 * The finding for a replica count the operator does not support, or undefined. Exported for the scale
 * subresource (`kubectl scale galera`), which carries only the number.
 */
export function replicasFinding(replicas: unknown, path = 'spec.replicas'): FieldError | undefined {
  // Not an integer: the schema's finding.
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) return undefined;
  if ((SUPPORTED_REPLICAS as readonly number[]).includes(replicas)) return undefined;
  const advice =
    replicas < 3 ? 'use 3' : replicas > 9 ? 'use 9 at most' : `use ${replicas - 1} or ${replicas + 1}`;
  return GALERA_RULES.replicas.at(
    path,
    `Unsupported value: ${replicas}: the Galera operator runs 3, 5, 7 or 9 nodes (an odd number keeps a majority when the cluster splits): ${advice}`,
  );
}

/** Why an image cannot be read for a version, in the words of a finding; undefined when its tag is a semantic version. */
export function imageTagProblem(image: string): string | undefined {
  const { repository, tag, digest } = parseImageReference(image);
  const example = `${repository}:10.4.12`;
  if (tag === undefined && digest !== undefined) {
    return `a digest carries no version, and the operator reads MAJOR.MINOR.PATCH from the tag to tell an upgrade from a downgrade: write a version tag before the digest, such as ${example}@${digest}`;
  }
  if (tag === undefined || tag.toLowerCase() === 'latest') {
    const which = tag === undefined ? 'no tag means latest, which' : 'latest';
    return `${which} is not a version: the operator cannot tell an upgrade from a downgrade, and each pod that restarts pulls whatever latest is then: pin a semantic version tag such as ${example}`;
  }
  if (parseVersionTag(tag) === undefined) {
    return `tag "${tag}" is not a semantic version: the operator reads MAJOR.MINOR.PATCH from the tag, optionally followed by -option: use a tag such as ${example} or ${example}-bionic`;
  }
  return undefined;
}

function imageFindings(pod: JsonObject | undefined): FieldError[] {
  const image = stringAt(pod, 'image');
  // Missing or mistyped: the schema's finding.
  if (image === undefined || image === '') return [];
  const problem = imageTagProblem(image);
  return problem ? [GALERA_RULES.imageTag.at('spec.pod.image', `Invalid value: ${JSON.stringify(image)}: ${problem}`)] : [];
}

function downgradeFindings(object: KubeObject, oldObject: KubeObject): FieldError[] {
  const before = valueAtPath(oldObject, 'spec.pod.image');
  const after = valueAtPath(object, 'spec.pod.image');
  if (typeof before !== 'string' || typeof after !== 'string') return [];
  const from = imageVersion(before);
  const to = imageVersion(after);
  // An unreadable version is the tag rule's finding, on whichever object has it.
  if (!from || !to || compareVersions(to, from) >= 0) return [];
  return [
    GALERA_RULES.downgrade.at(
      'spec.pod.image',
      `Forbidden: version ${to.core} is lower than the current ${from.core} (${before}): the Galera operator only upgrades in place, and an older MariaDB may not read data files a newer one wrote: keep ${from.core} or higher, or restore a backup into a new Galera that uses ${after}`,
    ),
  ];
}

function credentialFindings(object: KubeObject): FieldError[] {
  return ENV_PATHS.flatMap((path) => plaintextPasswordFindings(valueAtPath(object, path), path, GALERA_RULES.plaintextCredential));
}

function podLabelFindings(object: KubeObject, pod: JsonObject | undefined): FieldError[] {
  const podLabels = objectAt(pod, 'labels');
  if (!podLabels) return [];
  const ownLabels = objectAt(object.metadata, 'labels') ?? {};
  const lost = Object.entries(podLabels).filter(([key, value]) => ownLabels[key] !== value);
  if (lost.length === 0) return [];
  const shown = lost.map(([key, value]) => `${key}=${String(value)}`).join(', ');
  return [
    GALERA_RULES.podLabelsIgnored.at(
      'spec.pod.labels',
      `spec.pod.labels is not part of the Galera operator's API and is ignored: the pods carry metadata.labels, so ${shown} will not be on them (selectors such as the pod anti-affinity will not see ${lost.length === 1 ? 'it' : 'them'}): set the labels you need in metadata.labels and remove spec.pod.labels`,
    ),
  ];
}

/** The Secret and ConfigMaps whose keys the operator reads. */
function keyedReferences(spec: JsonObject, namespace: string): KeyedReference[] {
  const refs: KeyedReference[] = [];
  const pod = objectAt(spec, 'pod');
  const secret = stringAt(objectAt(pod, 'credentialsSecret'), 'name');
  if (secret !== undefined) {
    refs.push({ kind: 'Secret', path: 'spec.pod.credentialsSecret.name', name: secret, namespace, keys: ['user', 'password'], purpose: "the operator (its database account for bootstrap and probes)" });
  }
  const configs: Array<[string, string | undefined]> = [
    ['spec.pod.mycnfConfigMap.name', stringAt(objectAt(pod, 'mycnfConfigMap'), 'name')],
    ['spec.special.mycnfSpecialConfigMap.name', stringAt(objectAt(objectAt(spec, 'special'), 'mycnfSpecialConfigMap'), 'name')],
  ];
  for (const [path, name] of configs) {
    if (name !== undefined) refs.push({ kind: 'ConfigMap', path, name, namespace, keys: ['my.cnf'], purpose: 'the bootstrap init container' });
  }
  const restore = objectAt(spec, 'restore');
  const s3Secret = restore ? s3CredentialsReference(restore, 'spec.restore', namespace) : undefined;
  if (s3Secret) refs.push(s3Secret);
  return refs;
}

/** Every finding of the Galera rules; never throws on mistyped input. */
export async function galeraFindings(object: KubeObject, ctx: PolicyContext): Promise<FieldError[]> {
  const spec = objectAt(object, 'spec');
  if (!spec) return [];
  const pod = objectAt(spec, 'pod');
  const findings: FieldError[] = [];
  const replicas = replicasFinding(spec.replicas);
  if (replicas) findings.push(replicas);
  findings.push(...imageFindings(pod), ...credentialFindings(object), ...podLabelFindings(object, pod));
  const restore = spec.restore;
  if (isObject(restore)) findings.push(...s3Findings(restore, 'spec.restore'));
  if (ctx.operation === 'UPDATE' && ctx.oldObject) findings.push(...downgradeFindings(object, ctx.oldObject));
  const namespace = stringAt(object.metadata, 'namespace') ?? ctx.namespace;
  findings.push(...(await missingKeyFindings(ctx.reader, keyedReferences(spec, namespace))));
  return findings;
}

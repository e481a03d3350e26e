// The operator reads fixed keys from the Secrets and ConfigMaps a Galera or GaleraBackup names (credsMap["user"],
// credentials["accessKeyId"], configMap.Data["my.cnf"]) and fails at run time when one is missing. When the object
// is known (another document of the lint run; the webhook does not read Secrets and answers 'unknown'), check it.
import type { ClusterReader } from '../cluster-reader.js';
import type { KubeObject } from '../kube-object.js';
import { isObject } from '../object-fields.js';

export interface KeyedReference {
  kind: 'Secret' | 'ConfigMap';
  /** Where the reference's name is written: `spec.pod.credentialsSecret.name`. */
  path: string;
  name: string;
  namespace: string;
  keys: readonly string[];
  /** What reads the keys, for the message: "the operator's database account". */
  purpose: string;
}

/** Keys of a Secret or ConfigMap, whichever of data, stringData (Secret) and binaryData (ConfigMap) holds them. */
function keysOf(object: KubeObject): Set<string> {
  const keys = new Set<string>();
  for (const field of ['data', 'stringData', 'binaryData']) {
    const map = object[field];
    if (isObject(map)) for (const key of Object.keys(map)) keys.add(key);
  }
  return keys;
}

function lookUp(reader: ClusterReader, ref: KeyedReference): Promise<KubeObject | undefined | 'unknown'> {
  // Core kinds have the empty group: a custom kind that is also called Secret must not answer.
  return reader.get({ kind: ref.kind, namespace: ref.namespace, name: ref.name, group: '' });
}

/**
 * The keys the referenced object lacks, or 'unknown' when it could not be read. An absent object lacks nothing:
 * it may be created after this one (kubectl apply -f folder/ has no order), so it is not ours to judge.
 */
export async function missingKeys(reader: ClusterReader, ref: KeyedReference): Promise<string[] | 'unknown'> {
  const found = await lookUp(reader, ref);
  if (found === 'unknown') return 'unknown';
  if (found === undefined) return [];
  const present = keysOf(found);
  return ref.keys.filter((key) => !present.has(key));
}

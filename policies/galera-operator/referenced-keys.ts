// The operator reads fixed keys from the Secrets and ConfigMaps a Galera or GaleraBackup names (credsMap["user"],
// credentials["accessKeyId"], configMap.Data["my.cnf"]) and fails at run time when one is missing. When the object
// is known (another document of the lint run; the webhook does not read Secrets and answers 'unknown'), check it.
import type { ClusterReader } from '../cluster-reader.js';
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../kube-object.js';
import { isObject } from '../object-fields.js';
import { GALERA_RULES } from './galera-rules-catalog.js';

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

async function lookUp(reader: ClusterReader, ref: KeyedReference): Promise<KubeObject | undefined | 'unknown'> {
  try {
    // Core kinds have the empty group: a custom kind that is also called Secret must not answer.
    return await reader.get({ kind: ref.kind, namespace: ref.namespace, name: ref.name, group: '' });
  } catch {
    return 'unknown';
  }
}

/** One finding per reference whose object is known and lacks keys; silent when it is unknown or absent. */
export async function missingKeyFindings(reader: ClusterReader, refs: readonly KeyedReference[]): Promise<FieldError[]> {
  const findings: FieldError[] = [];
  for (const ref of refs) {
    const found = await lookUp(reader, ref);
    // An absent object may be created after this one (kubectl apply -f folder/ has no order): not ours to judge.
    if (found === undefined || found === 'unknown') continue;
    const present = keysOf(found);
    const missing = ref.keys.filter((key) => !present.has(key));
    if (missing.length === 0) continue;
    const list = missing.map((k) => `"${k}"`).join(' and ');
    findings.push(
      GALERA_RULES.referenceMissingKeys.at(
        ref.path,
        `Invalid value: "${ref.name}": ${ref.kind} ${ref.namespace}/${ref.name} has no key ${list}, which ${ref.purpose} reads: add ${missing.length === 1 ? 'it' : 'them'} to the ${ref.kind}, or name one that has ${ref.keys.map((k) => `"${k}"`).join(' and ')}`,
      ),
    );
  }
  return findings;
}

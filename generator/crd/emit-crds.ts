// Plain CRD manifests, one file per kind and group, for `kubectl apply -f generated/crds/<group>/`
// without Helm. The mdbkit-crds chart carries the same CRDs.
import { madeFromNote, type KindDefinition } from '../../kinds/kind-definition.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import type { OutputFile } from '../output-file.js';
import { withYamlHeader, yamlText } from '../yaml-output.js';
import { crdObject, crdSchema } from './crd-object.js';

export const CRDS_DIR = 'generated/crds';

/** `<group>/<plural>.yaml`; an operator's kinds come per operator version: `<group>/<operator version>/<plural>.yaml`. */
export function crdPath(group: string, definition: KindDefinition): string {
  return `${CRDS_DIR}/${group}/${definition.operatorVersion ? `${definition.operatorVersion}/` : ''}${definition.plural}.yaml`;
}

export function emitCrds(set: SchemaSet): OutputFile[] {
  return set.kinds.flatMap((definition) => {
    const schema = crdSchema(set, definition);
    return definition.groups.map((group) => ({
      path: crdPath(group, definition),
      contents: withYamlHeader(madeFromNote(definition), yamlText(crdObject(definition, group, schema))),
    }));
  });
}

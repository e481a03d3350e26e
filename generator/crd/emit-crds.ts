// Plain CRD manifests, one file per kind and group, for `kubectl apply -f generated/crds/<group>/`
// without Helm. The mdbkit-crds chart carries the same CRDs.
import type { SchemaSet } from '../../kinds/load-schemas.js';
import type { OutputFile } from '../output-file.js';
import { withYamlHeader, yamlText } from '../yaml-output.js';
import { crdObject, crdSchema } from './crd-object.js';

export const CRDS_DIR = 'generated/crds';

export function emitCrds(set: SchemaSet): OutputFile[] {
  return set.kinds.flatMap((definition) => {
    const schema = crdSchema(set, definition);
    return definition.groups.map((group) => ({
      path: `${CRDS_DIR}/${group}/${definition.plural}.yaml`,
      contents: withYamlHeader(definition.file, yamlText(crdObject(definition, group, schema))),
    }));
  });
}

// Plain CRD manifests, one file per kind and group, for `kubectl apply -f generated/crds/<group>/`
// without Helm. The mdbkit-crds chart carries the same CRDs.
import { madeFromNote, type KindDefinition } from '../../kinds/kind-definition.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import type { OutputFile } from '../output-file.js';
import { withYamlHeader, yamlText, YAML_OUTPUT_FORMAT } from '../yaml-output.js';
import { digestOf, fileOnDisk, reusable, type PreviousFile } from '../reuse-by-digest.js';
import { crdObject, crdSchema } from './crd-object.js';

export const CRDS_DIR = 'generated/crds';

/** `<group>/<plural>.yaml`; an operator's kinds come per operator version: `<group>/<operator version>/<plural>.yaml`. */
export function crdPath(group: string, definition: KindDefinition): string {
  return `${CRDS_DIR}/${group}/${definition.operatorVersion ? `${definition.operatorVersion}/` : ''}${definition.plural}.yaml`;
}

export interface EmitCrdsOptions {
  /** The file now at a path, to take it as it is when its recorded digest is the new input's; undefined to write everything. */
  previous?: PreviousFile;
}

/**
 * Writing the CRDs as YAML was a quarter of `mdbkit generate` (the yaml package builds a document of every node
 * first): a CRD whose object and YAML options are those its file records is taken as it is.
 */
export function emitCrds(set: SchemaSet, options: EmitCrdsOptions = {}): OutputFile[] {
  return set.kinds.flatMap((definition) => {
    const schema = crdSchema(set, definition);
    return definition.groups.map((group) => {
      const path = crdPath(group, definition);
      const object = crdObject(definition, group, schema);
      const note = madeFromNote(definition);
      const digest = digestOf({ format: YAML_OUTPUT_FORMAT, note, object });
      const contents = reusable(options.previous, path, digest) ?? withYamlHeader(note, yamlText(object), digest);
      return { path, contents };
    });
  });
}

/** The emitter `mdbkit generate` runs: what is committed for the same input is kept, the rest written. */
export function emitCrdsReusingCommitted(set: SchemaSet): OutputFile[] {
  return emitCrds(set, { previous: fileOnDisk });
}

// What one release tag of the mariadb-operator becomes in mdbkit, computed without writing anything:
// the base schema of each CRD, and the test data kept beside them.
import { baseSchemaPath, crdToBaseSchema, IMPORTED_DIR, OPERATOR_LICENCE, OPERATOR_REPOSITORY } from './crd-to-base-schema.js';
import type { JSONSchema } from '../../kinds/json-schema.js';

export const CRD_DIR = 'config/crd/bases';
/** The operator's own examples: every document in them is a test case of mdbkit's schemas. */
export const EXAMPLE_DIRS = ['examples/manifests', 'config/samples'];

export interface OperatorSource {
  commitOf(tag: string): string;
  filesBelow(tag: string, dir: string): string[];
  read(tag: string, path: string): string;
}

export interface ImportedTag {
  tag: string;
  commit: string;
  /** Below `schemas/`. */
  schemaDir: string;
  /** File name → contents, below schemaDir. */
  schemas: Map<string, string>;
  /** Path → contents, below the tag's fixture folder: crds/, the example folders, LICENSE and NOTICE.md. */
  fixtures: Map<string, string>;
}

export function renderBaseSchema(schema: JSONSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The base schemas of a tag from its CRD files (path → YAML text); also what the currency test recomputes. */
export function baseSchemasOf(tag: string, commit: string, crds: ReadonlyMap<string, string>, parseYaml: (text: string) => unknown): Map<string, string> {
  const schemas = new Map<string, string>();
  for (const [file, text] of [...crds].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const schema = crdToBaseSchema(parseYaml(text), { repository: OPERATOR_REPOSITORY, tag, commit, file, licence: OPERATOR_LICENCE });
    const singular = (schema['x-mdbkit-kind'] as { singular: string }).singular;
    const name = baseSchemaPath(tag, singular).slice(`${IMPORTED_DIR}/${tag}/`.length);
    if (schemas.has(name)) throw new Error(`${tag}: two CRDs define ${singular}`);
    schemas.set(name, renderBaseSchema(schema));
  }
  return schemas;
}

export function importTag(source: OperatorSource, tag: string, parseYaml: (text: string) => unknown): ImportedTag {
  const commit = source.commitOf(tag);
  const crds = new Map(
    source
      .filesBelow(tag, CRD_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => [f, source.read(tag, f)]),
  );
  if (crds.size === 0) throw new Error(`${tag} has no CRDs in ${CRD_DIR}`);
  const fixtures = new Map<string, string>();
  for (const [file, text] of crds) fixtures.set(`crds/${file.slice(CRD_DIR.length + 1)}`, text);
  for (const dir of EXAMPLE_DIRS) {
    for (const file of source.filesBelow(tag, dir)) if (/\.ya?ml$/.test(file)) fixtures.set(file, source.read(tag, file));
  }
  fixtures.set('LICENSE', source.read(tag, 'LICENSE'));
  fixtures.set(
    'NOTICE.md',
    [
      `# mariadb-operator ${tag}`,
      '',
      `Copied by \`npm run import-operator\` from ${OPERATOR_REPOSITORY} at ${tag} (commit ${commit}): its CRDs`,
      `(\`${CRD_DIR}\`, here in \`crds/\`) and example manifests (${EXAMPLE_DIRS.map((d) => `\`${d}\``).join(', ')}), unchanged.`,
      "They are the operator's work under its licence (LICENSE, MIT); mdbkit keeps them as test data only.",
      '',
    ].join('\n'),
  );
  return { tag, commit, schemaDir: `${IMPORTED_DIR}/${tag}`, schemas: baseSchemasOf(tag, commit, crds, parseYaml), fixtures };
}

// charts/mdbkit-crds: the CRDs in templates/ (Helm never upgrades what sits in crds/), kept on uninstall
// by default (deleting a CRD deletes every MariaDB of that kind), for the API groups the values choose.
// Each kind's schema is stored once, in files/, and shared by both groups' CRDs. The chart's text is in
// generator/charts/templates/mdbkit-crds/; this computes what it takes from the schemas.
import { apiGroupsOf, madeFromNote } from '../../kinds/kind-definition.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../output-file.js';
import { projectVersion } from '../../kinds/project-paths.js';
import { withYamlHeader } from '../yaml-output.js';
import { chartTemplates, upstreamRepositories, type ChartMetadata, type TemplateItem } from '../charts/chart-templates.js';
import { crdObject, crdSchema } from './crd-object.js';
import { specValidationRules } from './validation-rules.js';

/** The parts of a CRD's spec the chart's template writes out (crdObject makes them for generated/crds too). */
interface CrdSpec {
  names: Record<string, unknown>;
  scope: string;
  versions: Array<Record<string, unknown>>;
}

function valuesSchema(set: SchemaSet): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `${GENERATED_HEADER}: made by mdbkit generate.`,
    title: 'mdbkit-crds values',
    type: 'object',
    properties: {
      groups: {
        description: 'API groups to install the CRDs in.',
        type: 'array',
        items: { type: 'string', enum: apiGroupsOf(set.kinds) },
        minItems: 1,
        uniqueItems: true,
      },
      keep: { description: 'Keep the CRDs (and so every database) when the release is uninstalled.', type: 'boolean' },
      operatorVersions: {
        description: 'The mariadb-operator version whose CRDs each operator group gets (the version of the operator the cluster runs).',
        type: 'object',
        properties: Object.fromEntries(
          [...(set.operatorVersions?.groups.values() ?? [])].map((g) => [g.group, { description: `Default ${g.default}.`, type: 'string', enum: g.versions }]),
        ),
        // Every operator group needs a version: without one (`--set operatorVersions.<group>=null` deletes the key)
        // the template would match no version and silently install no CRD for that group.
        required: [...(set.operatorVersions?.groups.keys() ?? [])].sort(),
        additionalProperties: false,
      },
    },
    required: ['groups', 'keep', 'operatorVersions'],
    additionalProperties: false,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function emitCrdsChart(set: SchemaSet): OutputFile[] {
  const chart: ChartMetadata = {
    name: 'mdbkit-crds',
    description: `CustomResourceDefinitions of the MariaDB operators (${[...new Set(set.kinds.map((k) => k.kind))].join(', ')}) with mdbkit's structural schemas and validation rules.`,
    version: projectVersion(),
    // mdbkit's version, not an operator's: the chart holds CRDs of several operators and, for the MariaDB
    // operators, of several releases at once (values operatorVersions picks per group), and their schemas
    // are mdbkit's structural rewrite with its validation rules. The operator versions are in values.yaml.
    appVersion: projectVersion(),
    // x-kubernetes-validations (CEL) rules are on by default since Kubernetes 1.25.
    kubeVersion: '>=1.25.0-0',
    keywords: ['mariadb', 'maxscale', 'crd', 'operator'],
    home: 'https://mariadb.com/docs/tools/mariadb-enterprise-operator',
    upstreamSources: upstreamRepositories(set),
    apiGroups: null,
    madeFrom: 'schemas/',
  };
  const dataFiles: Record<string, string> = { 'values.schema.json': valuesSchema(set) };
  const crds: TemplateItem[] = [];
  for (const definition of set.kinds) {
    // Compact JSON (which is YAML too): indenting a block-style schema under openAPIV3Schema would make
    // the rendered CRDs of both groups larger than Helm's release can comfortably hold.
    const prefix = definition.operatorVersion ? `mariadb-operator-${definition.operatorVersion}` : definition.sourceGroup;
    const schemaFile = `files/${prefix}_${definition.plural}.openapi.yaml`;
    dataFiles[schemaFile] = withYamlHeader(madeFromNote(definition), `${JSON.stringify(crdSchema(set, definition))}\n`);
    // The group and the schema are Helm's to fill in: the template reads them from the values and files/.
    const spec = crdObject(definition, '', {}).spec as CrdSpec;
    crds.push({
      path: `templates/${prefix}_${definition.plural}.yaml`,
      data: {
        plural: definition.plural,
        operatorVersion: definition.operatorVersion ?? null,
        ownGroups: definition.groups,
        names: spec.names,
        scope: spec.scope,
        versions: spec.versions.map(({ schema: _schema, ...version }) => version),
        schemaFile,
      },
    });
  }
  return chartTemplates().renderChart(
    chart,
    {
      groups: apiGroupsOf(set.kinds),
      // One row per kind of each system, as the newest operator version has it.
      kinds: [
        ...new Map([...set.kinds].reverse().map((k) => [`${k.sourceGroup}/${k.kind}`, { ...k, status: k.schema.properties?.status !== undefined }])).values(),
      ]
        .reverse()
        .sort((a, b) => a.sourceGroup.localeCompare(b.sourceGroup) || a.kind.localeCompare(b.kind)),
      operatorGroups: [...(set.operatorVersions?.groups.values() ?? [])],
      celRules: specValidationRules(set),
    },
    { items: { 'templates/crd.yaml.hbs': crds }, dataFiles },
  );
}

// charts/mdbkit-crds: the CRDs in templates/ (Helm never upgrades what sits in crds/), kept on uninstall
// by default (deleting a CRD deletes every MariaDB of that kind), for the API groups the values choose.
// Each kind's schema is stored once, in files/, and shared by both groups' CRDs.
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../output-file.js';
import { projectVersion } from '../../kinds/project-paths.js';
import { withYamlHeader, yamlText } from '../yaml-output.js';
import { crdObject, crdSchema } from './crd-object.js';

export const CRDS_CHART = 'charts/mdbkit-crds';
const CHART_NAME = 'mdbkit-crds';
const GROUP_PLACEHOLDER = 'group.placeholder.mdbkit.dev';
const SCHEMA_PLACEHOLDER = 'openAPIV3Schema: SCHEMA_PLACEHOLDER';


function chartYaml(set: SchemaSet, version: string): string {
  return withYamlHeader('schemas/', yamlText({
    apiVersion: 'v2',
    name: CHART_NAME,
    description: `CustomResourceDefinitions of the MariaDB operators (${set.kinds.map((k) => k.kind).join(', ')}) with mdbkit's structural schemas and validation rules.`,
    type: 'application',
    version,
    appVersion: version,
    keywords: ['mariadb', 'maxscale', 'crd', 'operator'],
    home: 'https://mariadb.com/docs/tools/mariadb-enterprise-operator',
    annotations: { 'mdbkit.dev/generated': 'true' },
  }));
}

function allGroups(set: SchemaSet): string[] {
  return [...new Set(set.kinds.flatMap((k) => k.groups))].sort();
}

function valuesYaml(set: SchemaSet): string {
  return [
    `# ${GENERATED_HEADER}: made by mdbkit generate.`,
    `# API groups to install the CRDs in: ${allGroups(set).join(' and/or ')}.`,
    '# enterprise.mariadb.com is the MariaDB Enterprise Operator; k8s.mariadb.com the community mariadb-operator.',
    'groups:',
    '  - enterprise.mariadb.com',
    '# Keep the CRDs when the release is uninstalled (helm.sh/resource-policy: keep). Deleting a CRD deletes',
    '# every object of its kind: every MariaDB and its data. Set to false only for throwaway clusters.',
    'keep: true',
    '',
  ].join('\n');
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
        items: { type: 'string', enum: allGroups(set) },
        minItems: 1,
        uniqueItems: true,
      },
      keep: { description: 'Keep the CRDs (and so every database) when the release is uninstalled.', type: 'boolean' },
    },
    required: ['groups', 'keep'],
    additionalProperties: false,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const HELPERS = `{{/* ${GENERATED_HEADER}: made by mdbkit generate. */}}
{{- define "mdbkit-crds.labels" -}}
app.kubernetes.io/name: ${CHART_NAME}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mdbkit
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}
`;

/** The CRD of one kind for every chosen group; the group and the schema file are filled in by Helm. */
function crdTemplate(plural: string, groups: readonly string[], yaml: string, schemaFile: string): string {
  const schemaLine = yaml.split('\n').find((line) => line.trimStart() === SCHEMA_PLACEHOLDER);
  if (!schemaLine) throw new Error(`${plural}: the CRD has no openAPIV3Schema line to template`);
  const indent = schemaLine.length - schemaLine.trimStart().length + 2;
  const body = yaml
    .replace(`${schemaLine}\n`, `${' '.repeat(indent - 2)}openAPIV3Schema:\n{{ $.Files.Get "${schemaFile}" | indent ${indent} }}\n`)
    .replaceAll(GROUP_PLACEHOLDER, '{{ $group }}')
    .replace(/^metadata:\n {2}name: (.*)$/m, (_m, name: string) =>
      `metadata:\n  name: ${name}\n  labels:\n    {{- include "mdbkit-crds.labels" $ | nindent 4 }}\n  {{- if $.Values.keep }}\n  annotations:\n    helm.sh/resource-policy: keep\n  {{- end }}`);
  // Each kind only exists in the groups of its own system (a KubeDB MariaDB is not an operator's MariaDB).
  const own = groups.map((g) => JSON.stringify(g)).join(' ');
  return `{{- /* ${GENERATED_HEADER}: made by mdbkit generate. */ -}}\n{{- range $group := .Values.groups }}\n{{- if has $group (list ${own}) }}\n---\n${body.trimEnd()}\n{{- end }}\n{{- end }}\n`;
}

function readme(set: SchemaSet): string {
  const rows = set.kinds.map((k) => `| ${k.kind} | \`${k.plural}\` | ${k.shortNames.map((s) => `\`${s}\``).join(', ')} | ${k.scale ? 'status, scale' : 'status'} |`);
  return `<!-- ${GENERATED_HEADER}: made by mdbkit generate. -->
# mdbkit-crds

The CustomResourceDefinitions of the MariaDB operators, with structural schemas generated by mdbkit from its
JSON Schemas: unknown fields are pruned (and rejected by kubectl's strict field validation), values are
checked (enums, ranges, durations, quantities), and the rules below hold even while no admission webhook runs.

| kind | plural | short names | subresources |
| --- | --- | --- | --- |
${rows.join('\n')}

The CRDs sit in \`templates/\`, not \`crds/\`, so \`helm upgrade\` updates them, and carry
\`helm.sh/resource-policy: keep\` so that \`helm uninstall\` leaves them (and every database) in place.

## Install

\`\`\`sh
helm install mdbkit-crds ./charts/mdbkit-crds                    # enterprise.mariadb.com
helm install mdbkit-crds ./charts/mdbkit-crds \\
  --set 'groups={enterprise.mariadb.com,k8s.mariadb.com}'        # both operators' groups
\`\`\`

If the CRDs already exist (installed by an operator's own chart), adopt them first or install only the group
that is missing: Helm refuses to take over objects it did not create.

## Values

| key | type | default | description |
| --- | --- | --- | --- |
| \`groups\` | list of strings | \`[enterprise.mariadb.com]\` | API groups to install the CRDs in: ${allGroups(set).map((g) => `\`${g}\``).join(', ')}. |
| \`keep\` | boolean | \`true\` | Keep the CRDs when the release is uninstalled. |

## Validation rules (CEL)

${set.kinds
  .flatMap((k) => ((k.schema.properties?.spec?.['x-kubernetes-validations'] as Array<{ message: string }> | undefined) ?? []).map((v) => `- ${k.kind}: ${v.message}.`))
  .join('\n')}
`;
}

export function emitCrdsChart(set: SchemaSet): OutputFile[] {
  const version = projectVersion();
  const files: OutputFile[] = [
    { path: `${CRDS_CHART}/Chart.yaml`, contents: chartYaml(set, version) },
    { path: `${CRDS_CHART}/values.yaml`, contents: valuesYaml(set) },
    { path: `${CRDS_CHART}/values.schema.json`, contents: valuesSchema(set) },
    { path: `${CRDS_CHART}/README.md`, contents: readme(set) },
    { path: `${CRDS_CHART}/.helmignore`, contents: `# ${GENERATED_HEADER}.\n.git/\n*.tmp\n` },
    { path: `${CRDS_CHART}/templates/_helpers.tpl`, contents: HELPERS },
    // `helm lint` and chart-testing run every ci/*-values.yaml: both operators' groups, and no keep policy.
    { path: `${CRDS_CHART}/ci/both-groups-values.yaml`, contents: `# ${GENERATED_HEADER}.\n# Both MariaDB operators: the Enterprise Operator and the community mariadb-operator.\ngroups:\n  - enterprise.mariadb.com\n  - k8s.mariadb.com\n` },
    { path: `${CRDS_CHART}/ci/all-systems-values.yaml`, contents: `# ${GENERATED_HEADER}.\n# Every system mdbkit knows: the MariaDB operators, KubeDB (with PlacementPolicy and SliceConfig) and the Galera operator.\ngroups:\n${allGroups(set).map((g) => `  - ${g}`).join('\n')}\n` },
    { path: `${CRDS_CHART}/ci/no-keep-values.yaml`, contents: `# ${GENERATED_HEADER}.\nkeep: false\n` },
  ];
  for (const definition of set.kinds) {
    const schema = crdSchema(set, definition);
    // Compact JSON (which is YAML too): indenting a block-style schema under openAPIV3Schema would make
    // the rendered CRDs of both groups larger than Helm's release can comfortably hold.
    const schemaFile = `files/${definition.sourceGroup}_${definition.plural}.openapi.yaml`;
    files.push({ path: `${CRDS_CHART}/${schemaFile}`, contents: withYamlHeader(definition.file, `${JSON.stringify(schema)}\n`) });
    // Placeholders that crdTemplate swaps for the group loop variable and the shared schema file.
    const object = crdObject(definition, GROUP_PLACEHOLDER, 'SCHEMA_PLACEHOLDER' as never);
    files.push({
      path: `${CRDS_CHART}/templates/${definition.sourceGroup}_${definition.plural}.yaml`,
      contents: crdTemplate(definition.plural, definition.groups, yamlText(object), schemaFile),
    });
  }
  return files;
}

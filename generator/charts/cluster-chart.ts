// charts/mariadb-cluster: a MariaDB (Galera by default, or replication), an optional MaxScale in front of
// it with mariaDbRef/maxScaleRef wired both ways, and optional Connections, from values that Helm checks
// against a values.schema.json made from mdbkit's own schemas. Everything here is computed from the
// SchemaSet (and the project version); nothing touches the disk.
import { stringify } from 'yaml';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../output-file.js';
import { projectVersion } from '../../kinds/project-paths.js';
import {
  CONNECTIONS_YAML,
  DEFAULT_TEST_IMAGE,
  HELMIGNORE,
  MARIADB_YAML,
  MAXSCALE_YAML,
  NOTES_TXT,
  TEST_CONNECTION_YAML,
  helpersTpl,
} from './cluster-chart-templates.js';
import { clusterKinds, clusterValuesSchema, defaultGroup, FULLNAME_MAX, VALUES_SCHEMA_FILE, type ClusterKinds } from './cluster-values-schema.js';
import { describedYaml } from './described-yaml.js';
import { valuesTable } from './values-table.js';

export const CLUSTER_CHART = 'charts/mariadb-cluster';
const CHART_NAME = 'mariadb-cluster';
const MADE_BY = `${GENERATED_HEADER}: made by mdbkit generate.`;


/** The chart's defaults: a Galera cluster of three with 1Gi each, the smallest that survives losing a node. */
function defaultValues(kinds: ClusterKinds): Record<string, unknown> {
  return {
    apiGroup: defaultGroup(kinds),
    nameOverride: '',
    fullnameOverride: '',
    mariadb: { spec: { replicas: 3, galera: { enabled: true }, storage: { size: '1Gi' } } },
    maxscale: { enabled: false, spec: {} },
    connections: [],
    tests: { image: DEFAULT_TEST_IMAGE },
  };
}

/** Advice values.yaml adds after a key's schema description. */
const VALUES_NOTES: Record<string, string> = {
  'mariadb.spec.galera': 'For replication instead, set galera: null (Helm then drops this default) and replication.enabled: true, as in ci/replication-values.yaml.',
  'maxscale.spec': 'Empty is enough: the operator infers servers, monitor and credentials from the MariaDB, and adds a readwritesplit service on 3306.',
  connections: 'Example: [{name: app, spec: {username: app, passwordSecretKeyRef: {name: app-password, key: password}}}].',
};

/** README rows go one level into each spec, and one more into these. */
const README_EXPANDED_KEYS = [
  'mariadb.spec.galera',
  'mariadb.spec.replication',
  'mariadb.spec.storage',
  'maxscale.spec.admin',
  'maxscale.spec.config',
  'maxscale.spec.monitor',
];

interface CiValues {
  file: string;
  title: string;
  body: string;
}

/** `ct` (chart-testing) and our tests install the chart once per ci/*-values.yaml. */
const CI_VALUES: CiValues[] = [
  {
    file: 'galera-values.yaml',
    title: 'Galera: three multi-primary replicas, an application user and database, and a Connection straight to MariaDB.',
    body: `mariadb:
  spec:
    replicas: 3
    galera:
      enabled: true
      sst: mariabackup
      primary:
        podIndex: 0
        autoFailover: true
    storage:
      size: 2Gi
    username: app
    database: app
    passwordSecretKeyRef:
      name: app-password
      key: password
      generate: true
    podDisruptionBudget:
      maxUnavailable: 1
connections:
  - name: app
    spec:
      username: app
      database: app
      passwordSecretKeyRef:
        name: app-password
        key: password
`,
  },
  {
    file: 'replication-values.yaml',
    title: 'Replication: a primary and two replicas with automatic failover.',
    body: `mariadb:
  spec:
    replicas: 3
    # null removes the chart's default Galera block; a MariaDB runs one high-availability method.
    galera: null
    replication:
      enabled: true
      primary:
        podIndex: 0
        autoFailover: true
    storage:
      size: 1Gi
`,
  },
  {
    file: 'maxscale-ha-values.yaml',
    title: 'MaxScale HA: Galera behind two MaxScale replicas (cooperative monitoring, config sync), applications connect through MaxScale.',
    body: `mariadb:
  spec:
    replicas: 3
    galera:
      enabled: true
    storage:
      size: 1Gi
    username: app
    database: app
    passwordSecretKeyRef:
      name: app-password
      key: password
      generate: true
maxscale:
  enabled: true
  spec:
    replicas: 2
    monitor:
      interval: 2s
      cooperativeMonitoring: majority_of_all
    config:
      sync:
        database: mysql
        interval: 5s
        timeout: 10s
    podDisruptionBudget:
      maxUnavailable: 1
connections:
  - name: app
    spec:
      username: app
      database: app
      passwordSecretKeyRef:
        name: app-password
        key: password
`,
  },
];

function chartYaml(kinds: ClusterKinds, version: string): string {
  const chart = {
    apiVersion: 'v2',
    name: CHART_NAME,
    description: 'A MariaDB cluster (Galera or replication) for the MariaDB operators, with an optional MaxScale in front and Connections for applications.',
    type: 'application',
    version,
    appVersion: version,
    keywords: ['mariadb', 'galera', 'replication', 'maxscale', 'database'],
    home: 'https://mariadb.com/docs/tools/mariadb-enterprise-operator',
    annotations: {
      'mdbkit.dev/generated': 'true',
      'mdbkit.dev/api-groups': kinds.groups.join(','),
    },
  };
  return `# ${MADE_BY}\n${stringify(chart, { lineWidth: 0 })}`;
}

function readme(kinds: ClusterKinds, table: string): string {
  const groups = kinds.groups.map((g) => `\`${g}\``).join(' and ');
  return `<!-- ${MADE_BY} -->
# mariadb-cluster

A MariaDB cluster for the MariaDB operators (${groups}, \`${kinds.version}\`), declared from values that Helm
checks against a schema made from mdbkit's own: a misspelled key or a wrong value fails \`helm install\` with
its path, before anything reaches the cluster.

## What it deploys

| object | name | when |
| --- | --- | --- |
| MariaDB | \`<release>-mariadb-cluster\` (or \`fullnameOverride\`) | always: Galera with 3 replicas and 1Gi each by default, or replication |
| MaxScale | \`<name>-maxscale\` | \`maxscale.enabled\`: its \`mariaDbRef\` names the MariaDB, and the MariaDB's \`maxScaleRef\` names it |
| Connection | \`<name>-<connection>\` | one per \`connections\` entry: through the MaxScale when enabled, else to the MariaDB |
| Pod (test hook) | \`<name>-test-connection\` | \`helm test\`: \`SELECT 1\` as root on the MariaDB Service, and as \`mariadb.spec.username\` through MaxScale |

When \`rootPasswordSecretKeyRef\` (or \`passwordSecretKeyRef\` with \`username\`) is unset, the chart names the
Secret the operator generates (\`<name>-root\`, \`<name>-password\`, key \`password\`). Every object carries the
recommended \`app.kubernetes.io/*\` labels and \`helm.sh/chart\`.

The CRDs and an operator must be installed first (the operator's own charts, or \`charts/mdbkit-crds\`).

## Install

\`\`\`sh
helm install db ./charts/mariadb-cluster                                         # Galera, 3 replicas
helm install db ./charts/mariadb-cluster -f ./charts/mariadb-cluster/ci/replication-values.yaml
helm install db ./charts/mariadb-cluster -f ./charts/mariadb-cluster/ci/maxscale-ha-values.yaml
helm install db ./charts/mariadb-cluster --set apiGroup=k8s.mariadb.com         # community operator
helm test db                                                                     # connects and runs SELECT 1
\`\`\`

The release notes (\`helm status db\`) say which Service and port to connect to and where the root password is.

| example values | what they show |
| --- | --- |
${CI_VALUES.map((ci) => `| [\`ci/${ci.file}\`](ci/${ci.file}) | ${ci.title} |`).join('\n')}

## Checks

Helm validates every value against \`${VALUES_SCHEMA_FILE}\` (JSON Schema draft-07) on install, upgrade, lint
and template:

\`\`\`text
$ helm install db ./charts/mariadb-cluster --set mariadb.spec.replicas=two
Error: INSTALLATION FAILED: values don't meet the specifications of the schema(s) in the following chart(s):
mariadb-cluster:
- mariadb.spec.replicas: Invalid type. Expected: integer, given: string
\`\`\`

What a schema cannot say (Galera needs an odd number of replicas, a MaxScale monitor must match the
MariaDB, a Connection needs credentials) \`mdbkit lint\` checks on the rendered chart:

\`\`\`sh
helm template db ./charts/mariadb-cluster -f my-values.yaml | npx mdbkit lint -
\`\`\`

## Values

\`mariadb.spec\`, \`maxscale.spec\` and \`connections[].spec\` are the resources' specs as the operators define
them, except the references the chart sets itself (\`maxScaleRef\`, \`maxScale\`, \`mariaDbRef\`). The table lists the
chart's keys and the specs' fields; "operator default" is what the operator applies when a field is unset.

${table}
`;
}

export function emitClusterChart(set: SchemaSet): OutputFile[] {
  const kinds = clusterKinds(set);
  const version = projectVersion();
  const schema = clusterValuesSchema(set);
  const values = defaultValues(kinds);
  const valuesText = describedYaml(values, schema, VALUES_NOTES);
  const file = (path: string, contents: string): OutputFile => ({ path: `${CLUSTER_CHART}/${path}`, contents });
  return [
    file('.helmignore', HELMIGNORE),
    file('Chart.yaml', chartYaml(kinds, version)),
    file('README.md', readme(kinds, valuesTable(schema, values, { expand: README_EXPANDED_KEYS, specKey: 'spec' }))),
    ...CI_VALUES.map((ci) => file(`ci/${ci.file}`, `# ${MADE_BY}\n# ${ci.title}\n${ci.body}`)),
    file('templates/NOTES.txt', NOTES_TXT),
    file('templates/_helpers.tpl', helpersTpl(kinds.version, FULLNAME_MAX)),
    file('templates/connections.yaml', CONNECTIONS_YAML),
    file('templates/mariadb.yaml', MARIADB_YAML),
    file('templates/maxscale.yaml', MAXSCALE_YAML),
    file('templates/tests/test-connection.yaml', TEST_CONNECTION_YAML),
    file(VALUES_SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`),
    file('values.yaml', `# ${MADE_BY}\n# Every key is checked against ${VALUES_SCHEMA_FILE}; README.md lists them all.\n\n${valuesText}`),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

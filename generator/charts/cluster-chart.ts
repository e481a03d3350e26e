// charts/mariadb-cluster: a MariaDB (Galera by default, or replication), an optional MaxScale in front of
// it with mariaDbRef/maxScaleRef wired both ways, and optional Connections, from values that Helm checks
// against a values.schema.json made from mdbkit's own schemas. The chart's text is in
// generator/charts/templates/mariadb-cluster/; this computes what it takes from the SchemaSet (and the
// project version).
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { MARIADB_CROSS_FIELD_RULES, POD_INDEX_REPLICAS_MAX } from '../cross-field-rules.js';
import type { OutputFile } from '../output-file.js';
import { projectVersion } from '../../kinds/project-paths.js';
import { chartTemplates, upstreamRepositories, type ChartMetadata } from './chart-templates.js';
import { clusterKinds, clusterValuesSchema, defaultGroup, FULLNAME_MAX, VALUES_SCHEMA_FILE, type ClusterKinds } from './cluster-values-schema.js';
import { describedYaml } from './described-yaml.js';
import { valuesTable } from './values-table.js';

const CHART_NAME = 'mariadb-cluster';
/** Where the chart is written (the loader writes every chart below charts/<name>). */
export const CLUSTER_CHART = `charts/${CHART_NAME}`;
/** The client the test Pod and the NOTES example run. */
const DEFAULT_TEST_IMAGE = 'docker.io/library/mariadb:11.4';

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
  'mariadb.spec.galera': 'For replication instead, set galera.enabled: false and replication.enabled: true, as in ci/replication-values.yaml.',
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

export function emitClusterChart(set: SchemaSet): OutputFile[] {
  const kinds = clusterKinds(set);
  const schema = clusterValuesSchema(set);
  const values = defaultValues(kinds);
  const chart: ChartMetadata = {
    name: CHART_NAME,
    description: 'A MariaDB cluster (Galera or replication) for the MariaDB operators, with an optional MaxScale in front and Connections for applications.',
    version: projectVersion(),
    // The MariaDB version is the operator's default image unless mariadb.spec.image names one: the chart
    // cannot know it, so it claims none (the labels carry the tag of mariadb.spec.image when it is set).
    appVersion: null,
    // The CRDs it needs (charts/mdbkit-crds) carry CEL validation rules, on by default since 1.25.
    kubeVersion: '>=1.25.0-0',
    keywords: ['mariadb', 'galera', 'replication', 'maxscale', 'database'],
    home: 'https://mariadb.com/docs/tools/mariadb-enterprise-operator',
    upstreamSources: upstreamRepositories(set),
    apiGroups: kinds.groups,
    madeFrom: null,
  };
  return chartTemplates().renderChart(chart, {
    groups: kinds.groups,
    apiVersion: kinds.version,
    fullnameMax: FULLNAME_MAX,
    operatorSource: kinds.mariadb.source ?? null,
    valuesYaml: describedYaml(values, schema, VALUES_NOTES).replace(/\n$/, ''),
    valuesTable: valuesTable(schema, values, { expand: README_EXPANDED_KEYS, specKey: 'spec' }),
    crossFieldRules: MARIADB_CROSS_FIELD_RULES.map((r) => ({ message: r.message, rules: r.rules.join('`, `') })),
    podIndexReplicasMax: POD_INDEX_REPLICAS_MAX,
  }, { dataFiles: { [VALUES_SCHEMA_FILE]: `${JSON.stringify(schema, null, 2)}\n` } });
}

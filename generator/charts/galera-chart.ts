// charts/galera: a MariaDB Galera cluster without an operator, as a StatefulSet whose pods decide among
// themselves how to start (bootstrap a new cluster, join a running one, or recover after a full stop from
// the node with the highest seqno). It answers the seeds that hand-write Galera StatefulSets (002, 004) and
// the pitfalls of ../shared/examples/seed-004-severalnines: apps/v1beta1, plain-text passwords, etcd for
// discovery, probes that send traffic to joiners. The chart's text is in generator/charts/templates/galera/;
// this computes its values (the schema bundles the Kubernetes types of the SchemaSet) and passes them on.
import type { SchemaSet } from '../../kinds/load-schemas.js';
import type { OutputFile } from '../output-file.js';
import { projectVersion } from '../../kinds/project-paths.js';
import { chartTemplates, type ChartMetadata } from './chart-templates.js';
import { describedYaml } from './described-yaml.js';
import { DATA_DIR, PORTS, RUN_AS_ID, RUN_DIR, SOCKET_DIR, SST_USER, STATE_PORT } from './galera-pod.js';
import { chartKeysTable } from './values-table.js';
import { DEFAULT_IMAGE, GALERA_FULLNAME_MAX, GALERA_VALUES_SCHEMA_FILE, galeraDefaultValues, galeraValuesSchema, REPLICA_COUNTS } from './galera-values.js';

const CHART_NAME = 'galera';
/** Where the chart is written (the loader writes every chart below charts/<name>). */
export const GALERA_CHART = `charts/${CHART_NAME}`;

/** Advice values.yaml adds after a key's description. */
const VALUES_NOTES: Record<string, string> = {
  'resources.requests.cpu': 'CPU the scheduler reserves.',
  'resources.requests.memory': 'Memory the scheduler reserves; size innodb_buffer_pool_size (galera.config) below the limit.',
  'resources.limits.memory': 'Memory ceiling: past it the server is killed, and recovers as after a crash.',
  'recovery.forceBootstrap': 'The ci files never set it: it is for a person repairing a broken cluster, not for a values file.',
};

export function emitGaleraChart(set: SchemaSet): OutputFile[] {
  const schema = galeraValuesSchema(set);
  const values = galeraDefaultValues();
  const chart: ChartMetadata = {
    name: CHART_NAME,
    description: 'A MariaDB Galera cluster without an operator: a StatefulSet whose nodes bootstrap, join and recover by themselves.',
    version: projectVersion(),
    // What the pods run is MariaDB at the image tag of values.yaml, not mdbkit: the labels say the same.
    appVersion: DEFAULT_IMAGE.tag,
    // policy/v1 PodDisruptionBudgets and StatefulSet rollingUpdate.maxUnavailable.
    kubeVersion: '>=1.25.0-0',
    keywords: ['mariadb', 'galera', 'database', 'statefulset'],
    home: 'https://mariadb.com/kb/en/galera-cluster/',
    // The official image's repository (its entrypoint initialises the data directory) and the server itself.
    upstreamSources: ['https://github.com/MariaDB/mariadb-docker', 'https://github.com/MariaDB/server'],
    apiGroups: null,
    madeFrom: null,
  };
  return chartTemplates().renderChart(chart, {
    fullnameMax: GALERA_FULLNAME_MAX,
    replicaCounts: REPLICA_COUNTS,
    runAsId: RUN_AS_ID,
    ports: PORTS,
    statePort: STATE_PORT,
    runDir: RUN_DIR,
    dataDir: DATA_DIR,
    socketDir: SOCKET_DIR,
    sstUser: SST_USER,
    valuesYaml: describedYaml(values, schema, VALUES_NOTES).replace(/\n$/, ''),
    valuesTable: chartKeysTable(schema, values),
  }, { dataFiles: { [GALERA_VALUES_SCHEMA_FILE]: `${JSON.stringify(schema, null, 2)}\n` } });
}

// charts/galera: a MariaDB Galera cluster without an operator, as a StatefulSet whose pods decide among
// themselves how to start (bootstrap a new cluster, join a running one, or recover after a full stop from
// the node with the highest seqno). It answers the seeds that hand-write Galera StatefulSets (002, 004) and
// the pitfalls of ../shared/examples/seed-004-severalnines: apps/v1beta1, plain-text passwords, etcd for
// discovery, probes that send traffic to joiners. Computed from the SchemaSet (the Kubernetes types the
// values schema bundles) and the project version; nothing touches the disk.
import { stringify } from 'yaml';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../output-file.js';
import { projectVersion } from '../../kinds/project-paths.js';
import { HELMIGNORE } from './cluster-chart-templates.js';
import { describedYaml } from './described-yaml.js';
import { chartKeysTable } from './values-table.js';
import { DATA_DIR, GALERA_SH, RUN_DIR, SST_USER, SST_USER_SH } from './galera-scripts.js';
import {
  CONFIG_YAML,
  GALERA_SCRIPT,
  HEADLESS_SERVICE_YAML,
  HELPERS_TPL,
  NOTES_TXT,
  PDB_YAML,
  PORTS,
  RUN_AS_ID,
  SCRIPTS_YAML,
  SECRET_YAML,
  SERVICE_YAML,
  SST_USER_SCRIPT,
  STATEFULSET_YAML,
  STATE_PORT,
  TEST_YAML,
} from './galera-templates.js';
import { GALERA_VALUES_SCHEMA_FILE, galeraDefaultValues, galeraValuesSchema, REPLICA_COUNTS } from './galera-values.js';

export const GALERA_CHART = 'charts/galera';
const CHART_NAME = 'galera';
const MADE_BY = `${GENERATED_HEADER}: made by mdbkit generate.`;

/** Advice values.yaml adds after a key's description. */
const VALUES_NOTES: Record<string, string> = {
  'resources.requests.cpu': 'CPU the scheduler reserves.',
  'resources.requests.memory': 'Memory the scheduler reserves; size innodb_buffer_pool_size (galera.config) below the limit.',
  'resources.limits.memory': 'Memory ceiling: past it the server is killed, and recovers as after a crash.',
  'recovery.forceBootstrap': 'The ci files never set it: it is for a person repairing a broken cluster, not for a values file.',
};

export interface GaleraCiValues {
  file: string;
  title: string;
  body: string;
}

/** `ct` (chart-testing) and our tests install the chart once per ci/*-values.yaml. */
export const GALERA_CI_VALUES: GaleraCiValues[] = [
  {
    file: 'three-nodes-values.yaml',
    title: 'Three nodes (one may fail), mariabackup SST, an application user and database, passwords generated into the chart\'s Secret.',
    body: `replicaCount: 3
auth:
  username: app
  database: app
galera:
  sstMethod: mariabackup
persistence:
  size: 10Gi
`,
  },
  {
    file: 'five-nodes-rsync-values.yaml',
    title: 'Five nodes (two may fail), rsync SST (no SST account; the donor is locked during the copy), a larger write-set cache and buffer pool.',
    body: `replicaCount: 5
galera:
  sstMethod: rsync
  gcacheSize: 1G
  config: |
    innodb_buffer_pool_size = 1G
    max_connections = 500
resources:
  requests:
    cpu: "1"
    memory: 2Gi
  limits:
    memory: 2Gi
persistence:
  size: 20Gi
`,
  },
  {
    file: 'existing-secret-values.yaml',
    title: 'Credentials from a Secret made elsewhere (sealed-secrets, an external secrets operator): the chart creates none and reads these keys.',
    body: `auth:
  existingSecret: galera-credentials
  rootPasswordKey: root
  username: shop
  database: shop
  passwordKey: shop
  sstPasswordKey: mariabackup
`,
  },
];

function chartYaml(version: string): string {
  const chart = {
    apiVersion: 'v2',
    name: CHART_NAME,
    description: 'A MariaDB Galera cluster without an operator: a StatefulSet whose nodes bootstrap, join and recover by themselves.',
    type: 'application',
    version,
    appVersion: version,
    // policy/v1 PodDisruptionBudgets and StatefulSet rollingUpdate.maxUnavailable.
    kubeVersion: '>=1.25.0-0',
    keywords: ['mariadb', 'galera', 'database', 'statefulset'],
    home: 'https://mariadb.com/kb/en/galera-cluster/',
    annotations: { 'mdbkit.dev/generated': 'true' },
  };
  return `# ${MADE_BY}\n${stringify(chart, { lineWidth: 0 })}`;
}

function readme(table: string): string {
  const odd = REPLICA_COUNTS.join(', ');
  return `<!-- ${MADE_BY} -->
# galera

A MariaDB Galera cluster for Kubernetes without an operator: a StatefulSet of the official \`mariadb\` image
whose nodes decide among themselves how to start. A new cluster is bootstrapped by its first node; after
every node stopped, the cluster is bootstrapped again from the node that holds the last transactions;
otherwise a node joins the running cluster and receives what it lacks. Nothing else is needed: no
operator, no etcd, no access to the Kubernetes API.

## Install

\`\`\`sh
helm install db ./charts/galera                                           # three nodes, passwords generated
helm install db ./charts/galera -f ./charts/galera/ci/five-nodes-rsync-values.yaml
kubectl get pods -l app.kubernetes.io/instance=db --watch                  # ready means Synced
helm test db                                                              # wsrep_cluster_size is replicaCount
\`\`\`

The release notes (\`helm status db\`) say where the root password is and how to connect.

| example values | what they show |
| --- | --- |
${GALERA_CI_VALUES.map((ci) => `| [\`ci/${ci.file}\`](ci/${ci.file}) | ${ci.title} |`).join('\n')}

## What it deploys

| object | name | what for |
| --- | --- | --- |
| StatefulSet (\`apps/v1\`) | \`<fullname>\` | the nodes: \`podManagementPolicy: Parallel\`, rolling updates one pod at a time, a volume per pod |
| Service (headless) | \`<fullname>-headless\` | a stable name per pod for the peers (\`publishNotReadyAddresses: true\`): ${PORTS.mysql} MariaDB, ${PORTS.sst} SST, ${PORTS.galera} replication (TCP and UDP), ${PORTS.ist} IST, ${STATE_PORT} the nodes' state |
| Service | \`<fullname>\` | clients, port ${PORTS.mysql}: Synced nodes only |
| PodDisruptionBudget | \`<fullname>\` | \`maxUnavailable: 1\`: a drain never takes the majority |
| ConfigMap | \`<fullname>-config\` | \`galera.cnf\`: Galera's settings, \`wsrep_cluster_address\` naming every node |
| ConfigMap | \`<fullname>-scripts\` | \`galera.sh\` (start, peer protocol, probes) and \`galera-sst-user.sh\` (the SST account) |
| Secret | \`<fullname>\` | generated passwords, unless \`auth.existingSecret\` names yours |
| Pod (test hook) | \`<fullname>-test\` | \`helm test\`: connects through the Service and checks \`wsrep_cluster_size\` |

\`<fullname>\` is the release name, or \`<release>-galera\` when the release name does not contain \`galera\`.
Each pod runs two containers of the same image: \`mariadb\` (the server, started by \`galera.sh start\`) and
\`galera-state\` (answers the peers). They run as user ${RUN_AS_ID} (the image's \`mysql\`), without privileges or
capabilities, with the RuntimeDefault seccomp profile and a read-only root filesystem. The server's data
directory is \`${DATA_DIR}\`, a folder of the volume (its root may hold \`lost+found\`, which mariabackup cannot read).

## Bootstrap and recovery

Galera has one hard rule: a cluster is started (bootstrapped, \`--wsrep-new-cluster\`) by exactly one node,
and after a full stop it must be the node that committed last, or transactions are lost. Galera marks that
node when it can: the last node to leave a cluster cleanly gets \`safe_to_bootstrap: 1\` in its
\`grastate.dat\`. After a crash no node has it, and each node's last position must be read from InnoDB
(\`mariadbd --wsrep-recover\`) and compared
([Galera's crash recovery](https://galeracluster.com/library/documentation/crash-recovery.html)).

No pod can read another pod's volume, and without an operator nobody sees them all. So the nodes tell each
other. Before starting its server, each pod reads its own data directory (running \`--wsrep-recover\` when
\`grastate.dat\` has no seqno) and writes what it found to a memory volume; the \`galera-state\` container
answers every connection on port ${STATE_PORT} with it, or with \`primary\` while the local server is in a primary
component (and with \`unknown\` rather than a stale \`starting\` when the mariadb container is not running: it
holds a lock on that volume for as long as it runs). A starting pod asks every peer (through the headless
Service, by their stable names) and applies these rules, in order, every \`recovery.pollSeconds\` until one
says start:

| # | when | then |
| --- | --- | --- |
| 1 | a peer answers \`primary\` | join: the server starts without \`--wsrep-new-cluster\`; Galera sends it what it lacks (IST from the write-set cache, else a full SST) |
| 2 | a peer is starting its server | wait: it may be bootstrapping (unless \`recovery.forceBootstrap\` names this pod) |
| 3 | this node has no data | pod 0 bootstraps a new cluster once every node has answered that it is empty; other pods wait for a primary component; a node without data never bootstraps while a peer has data |
| 4 | nodes with data belong to different clusters (UUIDs) | wait, and say so: a person must choose |
| 5 | \`recovery.forceBootstrap\` names this pod | bootstrap (after setting its \`safe_to_bootstrap\`) |
| 6 | a node has \`safe_to_bootstrap: 1\` | that node bootstraps at once, the others wait for it |
| 7 | otherwise (a crash) | wait until all \`replicaCount\` nodes have reported their seqno; the highest bootstraps (the lowest ordinal on a tie), with its \`safe_to_bootstrap\` set and \`--wsrep_start_position\` from the recovery |

The pod that bootstraps sets \`safe_to_bootstrap: 1\` itself when rules 5 or 7 chose it, as Galera's manual
procedure says. Every pod logs the rule that decided (\`kubectl logs <pod> -c mariadb | grep galera\`), and
waits with a reason: \`wait no node is safe to bootstrap (a crash): all 3 nodes must report their seqno, 2 have\`.

\`podManagementPolicy: Parallel\` is what makes this possible: with \`OrderedReady\`, pod 1 would not start
before pod 0 is ready, and pod 0 cannot become ready alone when pod 1 holds the last commits.

### Limits, honestly

- **A node that never comes back blocks recovery after a crash.** Rule 7 waits for every node, because the
  missing one may hold the last commits. If it is gone for good, choose a node (the logs show each seqno) and
  \`helm upgrade --reuse-values --set recovery.forceBootstrap=true --set recovery.forceBootstrapFrom=<ordinal>\`,
  then set \`forceBootstrap\` back to \`false\` once the cluster is up: left on, a later full stop bootstraps
  from that node again without comparing seqnos. Transactions only other nodes had are lost.
- **The same applies to a new cluster whose pods cannot all start** (one stuck Pending, say): pod 0 waits
  for every node to answer that it is empty, so that a node with data is never overwritten by an empty
  cluster. \`forceBootstrapFrom: 0\` starts it anyway.
- **Rule 6 trusts \`safe_to_bootstrap: 1\`** as Galera does: it is only set on the last node to leave a
  primary component cleanly. A node restored from an old backup with that flag would win; clear it first.
- **A network partition is not a full stop.** A restarting pod that cannot reach its peers waits: without
  answers only rules 5 and 6 can fire, rule 6 only on a node that left a stopped cluster last. But
  \`recovery.forceBootstrap\` left on could start a second cluster beside a running one.
- **The peer protocol connects as root** (\`auth.rootPasswordKey\`) through the local socket to ask whether
  the server is primary, and so do the probes: if root's password is changed in the database but not in the
  Secret, pods stop being ready and restarting pods wait forever. Change both together.
- **The answers are not authenticated.** Anything inside the cluster network that can reach port ${STATE_PORT}
  can read a node's cluster UUID and seqno (no data, no credentials); anything that can impersonate a peer's
  address could mislead the decision. Restrict the ports with a NetworkPolicy where that matters.
- **Scaling changes \`wsrep_cluster_address\`,** so the pods roll one at a time (the ConfigMap's checksum is
  in the pod template). Scale by odd steps (3 to 5); scaling down leaves the removed pods' volumes behind.
- **Upgrades roll one pod at a time** and each node must be Synced before the next restarts. The chart
  does not set \`MARIADB_AUTO_UPGRADE\`, so the entrypoint does not run \`mariadb-upgrade\`: run it once every
  node runs the new version. Across major versions use \`galera.sstMethod: rsync\` for the upgrade: a newer
  mariabackup cannot prepare an older version's snapshot.
- **IPv4.** The state listener (\`socat TCP-LISTEN\`) listens on IPv4.

## Probes

- **Readiness** (\`galera.sh ready\`): \`wsrep_local_state\` is 4 (Synced), \`wsrep_cluster_status\` is
  \`Primary\` and \`wsrep_ready\` is \`ON\`, read with the mariadb client through the local socket. A node that
  is Joining (1), Donor/Desynced (2) or Joined (3, catching up) takes no connections, nor does a node cut off
  from the majority.
- **Liveness** (\`galera.sh alive\`): passes while the pod decides how to start and while the server starts,
  that is before it opens its socket: SST, IST and InnoDB crash recovery all happen before, and a snapshot of
  a large database takes hours; restarting then would restart the transfer, forever. Once the socket exists,
  \`mariadb-admin ping\` must answer; six failures ten seconds apart restart the container.

## Credentials

Only in a Secret, read through \`secretKeyRef\`: the root password (\`auth.rootPasswordKey\`), the application
user's (\`auth.passwordKey\`, with \`auth.username\`), and the SST account's (\`auth.sstPasswordKey\`, with
\`galera.sstMethod: mariabackup\`: the account \`${SST_USER}@localhost\`, created when the cluster is bootstrapped,
with RELOAD, PROCESS, LOCK TABLES and REPLICATION CLIENT). The clients in the probes, the peer protocol and
the test read the password from the \`MYSQL_PWD\` environment variable, never from a command line; the SST
password reaches the server in an option file on a memory-backed volume (\`${RUN_DIR}/sst-auth.cnf\`), never in
the ConfigMap.

Without \`auth.existingSecret\`, the chart creates Secret \`<fullname>\` with 32-character random passwords. It
reads them back on every upgrade (Helm's \`lookup\`), so they never change under a running cluster, and it is
kept on \`helm uninstall\` (\`helm.sh/resource-policy: keep\`) like the volumes whose data it opens: a new
install of the same release adopts it. \`helm template\` and \`--dry-run\` cannot read the cluster and show
new passwords. The passwords are set when the cluster is bootstrapped; changing them later in the Secret alone
does not change them in the database.

## Compared with seed-004's manifests

| in \`../shared/examples/seed-004-severalnines\` | here |
| --- | --- |
| \`apps/v1beta1\` StatefulSet, \`extensions/v1beta1\` Deployment | \`apps/v1\` StatefulSet, \`policy/v1\` PodDisruptionBudget |
| \`MYSQL_ROOT_PASSWORD: myrootpassword\` and friends as env values | \`secretKeyRef\` only; generated passwords kept across upgrades |
| etcd for discovery | the headless Service's per-pod names, and a peer protocol for the bootstrap decision |
| a NodePort on 30000 | a ClusterIP Service by default |
| one probe script, 120 s delay, every second | Synced for readiness; a liveness probe that spares a node receiving a snapshot |
| pre-created PersistentVolumes and claims per pod | \`volumeClaimTemplates\` with \`persistence.storageClass\` and \`size\` |
| an ordered start that cannot recover a full stop | \`podManagementPolicy: Parallel\` and the rules above |

## Checks

Helm validates every value against \`${GALERA_VALUES_SCHEMA_FILE}\` (JSON Schema draft-07) on install, upgrade, lint and
template. JSON Schema has no "odd number", so \`replicaCount\` is one of ${odd}:

\`\`\`text
$ helm install db ./charts/galera --set replicaCount=4
Error: INSTALLATION FAILED: values don't meet the specifications of the schema(s) in the following chart(s):
galera:
- replicaCount: replicaCount must be one of the following: ${REPLICA_COUNTS.join(', ')}
\`\`\`

The rendered manifests hold only Kubernetes' own kinds, which \`mdbkit lint\` skips with a note; run it where
this chart's output sits beside MariaDB resources:

\`\`\`sh
helm template db ./charts/galera | npx mdbkit lint -
\`\`\`

## Values

${table}
`;
}

export function emitGaleraChart(set: SchemaSet): OutputFile[] {
  const version = projectVersion();
  const schema = galeraValuesSchema(set);
  const values = galeraDefaultValues();
  const file = (path: string, contents: string): OutputFile => ({ path: `${GALERA_CHART}/${path}`, contents });
  return [
    file('.helmignore', HELMIGNORE),
    file('Chart.yaml', chartYaml(version)),
    file('README.md', readme(chartKeysTable(schema, values))),
    ...GALERA_CI_VALUES.map((ci) => file(`ci/${ci.file}`, `# ${MADE_BY}\n# ${ci.title}\n${ci.body}`)),
    file(`files/${GALERA_SCRIPT}`, GALERA_SH),
    file(`files/${SST_USER_SCRIPT}`, SST_USER_SH),
    file('templates/NOTES.txt', NOTES_TXT),
    file('templates/_helpers.tpl', HELPERS_TPL),
    file('templates/config.yaml', CONFIG_YAML),
    file('templates/pdb.yaml', PDB_YAML),
    file('templates/scripts.yaml', SCRIPTS_YAML),
    file('templates/secret.yaml', SECRET_YAML),
    file('templates/service-headless.yaml', HEADLESS_SERVICE_YAML),
    file('templates/service.yaml', SERVICE_YAML),
    file('templates/statefulset.yaml', STATEFULSET_YAML),
    file('templates/tests/test-connection.yaml', TEST_YAML),
    file(GALERA_VALUES_SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`),
    file('values.yaml', `# ${MADE_BY}\n# Every key is checked against ${GALERA_VALUES_SCHEMA_FILE}; README.md lists them all.\n\n${describedYaml(values, schema, VALUES_NOTES)}`),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// The values of charts/galera: the defaults values.yaml holds and the values.schema.json Helm checks them
// against. Galera's own constraints become schema rules where JSON Schema can say them, so `helm install`
// fails with the value's path: an odd replica count (draft-07 has no "odd": an enum of the odd counts),
// an SST method the image supports, names the templates put into SQL and option files. The Kubernetes
// types (resources, tolerations, affinity) are the lean copies of schemas/_common, bundled into the file.
import type { JSONSchema } from '../../kinds/json-schema.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER } from '../output-file.js';
import { SCHEMA_BASE_URI } from '../../kinds/project-paths.js';
import { bundleStandalone } from '../../kinds/transforms/bundle-standalone.js';
import { assertHelmSafe, keepDraft07Keywords } from './helm-safe-schema.js';

export const GALERA_VALUES_SCHEMA_FILE = 'values.schema.json';
/**
 * Galera keeps a majority (quorum) to stay writable, so an even count buys nothing over the odd one below
 * it and splits 50/50 in a partition. 1 is a development cluster without redundancy.
 */
export const REPLICA_COUNTS = [1, 3, 5, 7, 9] as const;
/** Pods are <fullname>-<ordinal> and the peers' Service <fullname>-headless: both DNS-1035 labels. */
export const GALERA_FULLNAME_MAX = 40;
export const SST_METHODS = ['mariabackup', 'rsync'] as const;
/** The official image: bash, socat and mariabackup for SST, the Galera library at /usr/lib/galera. */
export const DEFAULT_IMAGE = { repository: 'docker.io/library/mariadb', tag: '11.4' } as const;
/** What a topologySpread value may say: Kubernetes' two whenUnsatisfiable policies, or "" for no constraint. */
export const SPREAD_POLICIES = ['ScheduleAnyway', 'DoNotSchedule', ''] as const;

const DNS_1035_OR_EMPTY = '^([a-z]([-a-z0-9]*[a-z0-9])?)?$';
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_SUBDOMAIN_OR_EMPTY = `^(${DNS_SUBDOMAIN.slice(1, -1)})?$`;
/** A key of a Secret's data. */
const SECRET_KEY = '^[-._a-zA-Z0-9]+$';

const k8s = (name: string): JSONSchema => ({ $ref: `${SCHEMA_BASE_URI}_common/k8s.schema.json#/definitions/${name}` });
const format = (name: string): JSONSchema => ({ $ref: `${SCHEMA_BASE_URI}_common/formats.schema.json#/definitions/${name}` });

export function galeraDefaultValues(): Record<string, unknown> {
  return {
    nameOverride: '',
    fullnameOverride: '',
    clusterDomain: 'cluster.local',
    replicaCount: 3,
    image: { repository: DEFAULT_IMAGE.repository, tag: DEFAULT_IMAGE.tag, pullPolicy: 'IfNotPresent' },
    imagePullSecrets: [],
    auth: {
      existingSecret: '',
      rootPasswordKey: 'root-password',
      username: '',
      database: '',
      passwordKey: 'password',
      sstPasswordKey: 'sst-password',
    },
    galera: { clusterName: '', sstMethod: 'mariabackup', gcacheSize: '256M', config: '' },
    recovery: { forceBootstrap: false, forceBootstrapFrom: 0, pollSeconds: 5 },
    service: { type: 'ClusterIP', port: 3306, annotations: {} },
    persistence: { storageClass: '', size: '8Gi' },
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    stateServer: { resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } } },
    readOnlyRootFilesystem: true,
    terminationGracePeriodSeconds: 120,
    shutdown: { drainSeconds: 5 },
    topologySpread: { zone: 'ScheduleAnyway', host: 'ScheduleAnyway' },
    podAnnotations: {},
    priorityClassName: '',
    nodeSelector: {},
    tolerations: [],
    affinity: {},
  };
}

const closed = (description: string, properties: Record<string, JSONSchema>): JSONSchema => ({
  description,
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

function spreadPolicy(across: string): JSONSchema {
  return {
    description: `${across}: ScheduleAnyway prefers an even spread and still schedules a pod that cannot have one; DoNotSchedule leaves it Pending instead (and never places it on a node without that label); "" for no constraint.`,
    type: 'string',
    enum: [...SPREAD_POLICIES],
  };
}

function authSchema(): JSONSchema {
  const key = (description: string): JSONSchema => ({ description, type: 'string', minLength: 1, maxLength: 253, pattern: SECRET_KEY });
  return closed(
    'Credentials. They live in a Secret only: the pods read them through secretKeyRef, never from a literal value.',
    {
      existingSecret: {
        description:
          'Name of a Secret you manage, with the keys below; empty for one the chart creates (<fullname>) with generated passwords, kept on upgrade and on uninstall (the data directories outlive the release and hold these passwords).',
        type: 'string',
        maxLength: 253,
        pattern: DNS_SUBDOMAIN_OR_EMPTY,
      },
      rootPasswordKey: key('Key of the root password. The probes and the peer protocol connect as root with it: change it in the Secret and in the database together.'),
      username: {
        description: 'An application user, created with all privileges on `database` when the cluster is bootstrapped; empty for none.',
        type: 'string',
        maxLength: 80,
        pattern: '^([A-Za-z0-9_][A-Za-z0-9_.-]*)?$',
        not: { enum: ['root', 'mariabackup', 'healthcheck', 'mysql'] },
      },
      database: {
        description: 'A database created when the cluster is bootstrapped; empty for none.',
        type: 'string',
        maxLength: 64,
        pattern: '^([A-Za-z0-9_]+)?$',
      },
      passwordKey: key('Key of the application user\'s password (with `username`).'),
      sstPasswordKey: key('Key of the password of the mariabackup@localhost account that mariabackup SST uses on a donor (with sstMethod mariabackup).'),
    },
  );
}

function galeraSchema(): JSONSchema {
  return closed('Galera replication settings, written to galera.cnf in a ConfigMap.', {
    clusterName: {
      description: 'wsrep_cluster_name; empty for the release\'s full name. Nodes only join a cluster of the same name.',
      type: 'string',
      maxLength: 64,
      pattern: '^([A-Za-z0-9_.-]+)?$',
    },
    sstMethod: {
      description:
        'How a node that lacks data receives a full copy (State Snapshot Transfer). mariabackup: the donor keeps serving writes; needs the SST account. rsync: the donor is locked for the copy; needs no account, and works across major versions.',
      type: 'string',
      enum: [...SST_METHODS],
    },
    gcacheSize: {
      description:
        'gcache.size: the write-set cache a donor keeps. A node that was away for less than the cache holds catches up by IST (the missing transactions only) instead of a full SST.',
      type: 'string',
      pattern: '^[1-9][0-9]*[KMG]?$',
    },
    config: {
      description:
        'More server options, one per line, added to the [mariadb] group of galera.cnf (innodb_buffer_pool_size = 512M, say). Never put a password here: the ConfigMap is not secret.',
      type: 'string',
    },
  });
}

function recoverySchema(): JSONSchema {
  return closed(
    'Bootstrap after every node stopped. README.md, "Bootstrap and recovery", says how the nodes choose.',
    {
      forceBootstrap: {
        description:
          'Bootstrap from forceBootstrapFrom without waiting for the other nodes, setting its safe_to_bootstrap. Only when a node is lost for good after a crash: transactions that only the other nodes had are lost, and the other nodes with data set their own history aside and receive a full snapshot (SST) when they join. Set it back to false once the cluster is up.',
        type: 'boolean',
      },
      forceBootstrapFrom: {
        description: 'Ordinal of the pod that forceBootstrap makes bootstrap; below replicaCount.',
        type: 'integer',
        minimum: 0,
        maximum: REPLICA_COUNTS[REPLICA_COUNTS.length - 1]! - 1,
      },
      pollSeconds: {
        description: 'How often a waiting node asks its peers again.',
        type: 'integer',
        minimum: 1,
        maximum: 60,
      },
    },
  );
}

export function galeraValuesSchema(set: SchemaSet): JSONSchema {
  const nameOverride = (description: string): JSONSchema => ({ description, type: 'string', maxLength: GALERA_FULLNAME_MAX, pattern: DNS_1035_OR_EMPTY });
  const raw: JSONSchema = {
    $comment: `${GENERATED_HEADER}: made by mdbkit generate.`,
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Values of the galera chart',
    description: 'A MariaDB Galera cluster as a StatefulSet, without an operator: bootstrap, recovery after a full stop and probes are the chart\'s own.',
    type: 'object',
    properties: {
      nameOverride: nameOverride('Replaces the chart name in the app.kubernetes.io/name label and in the default names (<release>-<name>).'),
      fullnameOverride: nameOverride(
        `Name of the StatefulSet, Services, Secret and ConfigMaps, instead of <release>-galera. At most ${GALERA_FULLNAME_MAX} characters: pods and the peers' Service append to it.`,
      ),
      clusterDomain: {
        description: 'The cluster\'s DNS domain: the peers\' addresses are <pod>.<fullname>-headless.<namespace>.svc.<clusterDomain>.',
        type: 'string',
        maxLength: 253,
        pattern: DNS_SUBDOMAIN,
      },
      replicaCount: {
        description:
          'MariaDB nodes: 3 keeps writing with one node down, 5 with two. Odd only: Galera needs a majority, and an even count splits 50/50 in a partition. 1 has no redundancy (development).',
        type: 'integer',
        enum: [...REPLICA_COUNTS],
      },
      image: closed('The MariaDB image: the official one, or a mirror of it (the scripts need its bash, socat and mariabackup).', {
        repository: { ...format('Image'), description: 'Image repository.' },
        tag: { description: 'Image tag: MariaDB 10.6 or newer.', type: 'string', minLength: 1, pattern: '^[\\w][\\w.-]{0,127}$' },
        pullPolicy: { description: 'Image pull policy.', type: 'string', enum: ['IfNotPresent', 'Always', 'Never'] },
      }),
      imagePullSecrets: {
        description: 'Secrets for pulling the image from a private registry.',
        type: 'array',
        items: { type: 'object', properties: { name: { description: 'Name of a docker-registry Secret in the release namespace.', type: 'string', pattern: DNS_SUBDOMAIN } }, required: ['name'], additionalProperties: false },
      },
      auth: authSchema(),
      galera: galeraSchema(),
      recovery: recoverySchema(),
      service: closed('The Service clients connect to: it routes to Synced nodes only.', {
        type: { description: 'Service type. ClusterIP keeps the database inside the cluster.', type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
        port: { ...format('Port'), description: 'Port of the Service (the pods listen on 3306).' },
        annotations: { description: 'Annotations of the Service (an internal load balancer\'s, say).', type: 'object', additionalProperties: { type: 'string' } },
      }),
      persistence: closed('Each node\'s volume (a PersistentVolumeClaim per pod, kept when the release is uninstalled).', {
        storageClass: { description: 'StorageClass of the volumes; empty for the cluster\'s default.', type: 'string', maxLength: 253, pattern: DNS_SUBDOMAIN_OR_EMPTY },
        size: { ...k8s('Quantity'), description: 'Size of each volume, such as 8Gi.' },
      }),
      resources: { ...k8s('ResourceRequirements'), description: 'CPU and memory of the mariadb container.' },
      stateServer: closed('The galera-state container, which answers peers with this node\'s state.', {
        resources: { ...k8s('ResourceRequirements'), description: 'CPU and memory of the galera-state container.' },
      }),
      readOnlyRootFilesystem: {
        description: 'Run both containers with a read-only root filesystem; the server writes only to its volume, to /tmp (an emptyDir) and to the memory-backed /run/mysqld and /run/galera.',
        type: 'boolean',
      },
      terminationGracePeriodSeconds: {
        description: 'Time a node gets to leave the cluster and shut InnoDB down cleanly; a node killed before that recovers with a crash (and no safe_to_bootstrap).',
        type: 'integer',
        minimum: 30,
        maximum: 3600,
      },
      shutdown: closed('How a node stops (the preStop hook, `galera.sh stop`). README.md, "Probes and shutdown", says what it does.', {
        drainSeconds: {
          description:
            'Seconds a stopping node goes on serving the connections it has, already not ready, before it shuts its server down and leaves the cluster; below terminationGracePeriodSeconds.',
          type: 'integer',
          minimum: 0,
          maximum: 3599,
        },
      }),
      topologySpread: closed('How the pods spread over zones and hosts (topologySpreadConstraints, maxSkew 1): so that a zone or a host going down takes as few nodes as it can.', {
        zone: spreadPolicy('Across zones (topology.kubernetes.io/zone)'),
        host: spreadPolicy('Across hosts (kubernetes.io/hostname)'),
      }),
      podAnnotations: { description: 'Annotations added to the pods.', type: 'object', additionalProperties: { type: 'string' } },
      priorityClassName: { description: 'PriorityClass of the pods.', type: 'string', pattern: DNS_SUBDOMAIN_OR_EMPTY },
      nodeSelector: { description: 'Node labels the pods must match.', type: 'object', additionalProperties: { type: 'string' } },
      tolerations: { description: 'Tolerations of the pods.', type: 'array', items: k8s('Toleration') },
      affinity: { ...k8s('Affinity'), description: 'Affinity of the pods; empty for none (topologySpread spreads them).' },
      global: { description: "Helm's global values, passed down when this chart is a dependency of another; this chart reads none.", type: 'object' },
    },
    required: [
      'clusterDomain', 'replicaCount', 'image', 'imagePullSecrets', 'auth', 'galera', 'recovery', 'service', 'persistence', 'resources',
      'stateServer', 'readOnlyRootFilesystem', 'terminationGracePeriodSeconds', 'shutdown', 'topologySpread', 'podAnnotations', 'priorityClassName', 'nodeSelector', 'tolerations', 'affinity',
    ],
    additionalProperties: false,
  };
  const schema = keepDraft07Keywords(bundleStandalone(raw, set.lookup));
  assertHelmSafe(schema, `charts/galera/${GALERA_VALUES_SCHEMA_FILE}`);
  return schema;
}

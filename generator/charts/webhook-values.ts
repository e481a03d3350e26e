// The values of charts/mdbkit-webhook: the defaults values.yaml holds and the values.schema.json Helm checks
// them against, so that a wrong TLS mode, a missing CA bundle or a misspelled key fails `helm install` with
// its path. The API groups come from the kind schemas; the Kubernetes types (resources, tolerations,
// affinity) are the same lean copies the kind schemas use, bundled into the file.
import type { JSONSchema } from '../../kinds/json-schema.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER } from '../output-file.js';
import { apiGroupsOf } from '../../kinds/kind-definition.js';
import { SCHEMA_BASE_URI } from '../../kinds/project-paths.js';
import { bundleStandalone } from '../../kinds/transforms/bundle-standalone.js';
import { assertHelmSafe, keepDraft07Keywords } from './helm-safe-schema.js';

export const TLS_MODES = ['genCA', 'certManager', 'existingSecret', 'url'] as const;
export type TlsMode = (typeof TLS_MODES)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** The Service name is the fullname: a DNS-1035 label (it must start with a letter). */
export const FULLNAME_MAX = 63;

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS_1035_OR_EMPTY = '^([a-z]([-a-z0-9]*[a-z0-9])?)?$';
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_SUBDOMAIN_OR_EMPTY = `^(${DNS_SUBDOMAIN.slice(1, -1)})?$`;
/**
 * base64 of PEM text that starts with a certificate: what `caBundle` holds in a webhook configuration.
 * The prefix is base64("-----BEGIN CERTIFICATE-----"), so a raw PEM or base64 of DER is caught here
 * rather than by the API server at install time.
 */
const PEM_CERT_BASE64_OR_EMPTY = '^(LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)?$';
/** An IPv4 CIDR (10.0.0.0/8), or an IPv6 one (fd00::/8) checked loosely: what a NetworkPolicy ipBlock takes. */
const IPV4_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const CIDR = `^((${IPV4_OCTET}\\.){3}${IPV4_OCTET}/(3[0-2]|[12]?[0-9])|[0-9a-fA-F:]*:[0-9a-fA-F:.]*/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$`;
/** A Prometheus duration (the ServiceMonitor CRD's own pattern): 30s, 1m, 1h30m. */
const PROMETHEUS_DURATION = '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';
/** The API server calls only https URLs without user info, query or fragment. */
const HTTPS_URL_OR_EMPTY = '^(https://[^/?#@\\s]+(/[^?#\\s]*)?)?$';

const k8s = (name: string): JSONSchema => ({ $ref: `${SCHEMA_BASE_URI}_common/k8s.schema.json#/definitions/${name}` });
const format = (name: string): JSONSchema => ({ $ref: `${SCHEMA_BASE_URI}_common/formats.schema.json#/definitions/${name}` });

/**
 * A fresh install serves both MariaDB operators' groups (the Enterprise Operator's and the community
 * mariadb-operator's), as `mdbkit serve` does without MDBKIT_SERVED_GROUPS: serving only one left the other's
 * users unchecked. That is safe where one group's CRDs are missing: the API server never sends its objects,
 * and the webhook's cache counts a group it gets 404 for as listed and empty (webhook/kube-cluster-reader.ts),
 * so readiness does not wait for it; the informer keeps retrying in case the CRDs arrive later.
 */
export function defaultServedGroups(set: SchemaSet): string[] {
  const operatorGroups = [...(set.operatorVersions?.groups.keys() ?? [])].sort();
  return operatorGroups.length > 0 ? operatorGroups : apiGroupsOf(set.kinds).slice(0, 1);
}

export function webhookDefaultValues(set: SchemaSet): Record<string, unknown> {
  return {
    nameOverride: '',
    fullnameOverride: '',
    servedGroups: defaultServedGroups(set),
    disabledRules: [],
    operatorVersions: Object.fromEntries([...(set.operatorVersions?.groups.values() ?? [])].map((g) => [g.group, g.default]).sort()),
    failurePolicy: 'Fail',
    timeoutSeconds: 5,
    excludeNamespaces: [],
    watchNamespaces: [],
    clusterDomain: 'cluster.local',
    logLevel: 'info',
    metrics: { port: 9090 },
    tls: {
      mode: 'genCA',
      minVersion: '1.2',
      genCA: { validityDays: 3650 },
      certManager: { issuerRef: { name: '', kind: 'Issuer', group: 'cert-manager.io' }, duration: '2160h', renewBefore: '360h' },
      existingSecret: { name: '', caBundle: '' },
      url: { baseURL: '', caBundle: '' },
    },
    replicaCount: 2,
    image: { repository: 'mdbkit', tag: '', pullPolicy: 'IfNotPresent' },
    imagePullSecrets: [],
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    maxHeapMiB: 128,
    podAnnotations: {},
    priorityClassName: '',
    nodeSelector: {},
    tolerations: [],
    affinity: {},
    networkPolicy: { enabled: true, apiServerCidrs: [], metricsNamespaceSelector: {}, apiServerEgressCidrs: [] },
    serviceMonitor: { enabled: false, interval: '30s', labels: {} },
  };
}

const closed = (description: string, properties: Record<string, JSONSchema>, extra: JSONSchema = {}): JSONSchema => ({
  description,
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

/** `tls.mode: <mode>` makes the keys of that mode required and non-empty (JSON Schema if/then). */
function whenMode(mode: TlsMode, key: string, fields: string[]): JSONSchema {
  return {
    if: { properties: { mode: { const: mode } }, required: ['mode'] },
    then: {
      properties: {
        [key]: {
          required: fields,
          properties: Object.fromEntries(fields.map((f) => [f, { minLength: 1 }])),
        },
      },
    },
  };
}

function tlsSchema(): JSONSchema {
  return closed(
    'How the API server trusts the webhook. README.md, "TLS", explains each mode.',
    {
      mode: {
        description:
          'genCA: the chart generates a CA and a serving certificate once and keeps them on upgrade. certManager: cert-manager issues the certificate and injects its CA. existingSecret: a kubernetes.io/tls Secret you manage, with its CA in existingSecret.caBundle. url: the webhook runs outside the cluster at url.baseURL; no Deployment is rendered.',
        type: 'string',
        enum: [...TLS_MODES],
      },
      minVersion: {
        description: 'Lowest TLS version the webhook accepts (MDBKIT_TLS_MIN_VERSION). Quote it in YAML: "1.2" or "1.3".',
        type: 'string',
        enum: ['1.2', '1.3'],
      },
      genCA: closed('genCA mode: the generated certificates.', {
        validityDays: {
          description: 'Validity of the generated CA and serving certificate, in days. They are reused on every upgrade; delete the Secret <fullname>-tls and upgrade to renew them.',
          type: 'integer',
          minimum: 1,
          maximum: 36500,
        },
      }),
      certManager: closed('certManager mode: the Certificate cert-manager issues.', {
        issuerRef: closed(
          'Issuer of the serving certificate. With an empty name the chart creates its own: a self-signed Issuer, a CA Certificate and a CA Issuer in the release namespace.',
          {
            name: { description: 'Name of an existing Issuer or ClusterIssuer; empty for the chart\'s own CA.', type: 'string', pattern: DNS_SUBDOMAIN_OR_EMPTY, maxLength: 253 },
            kind: { description: 'Issuer (in the release namespace) or ClusterIssuer.', type: 'string', enum: ['Issuer', 'ClusterIssuer'] },
            group: { description: 'API group of the issuer; cert-manager.io unless an external issuer is used.', type: 'string', pattern: DNS_SUBDOMAIN, maxLength: 253 },
          },
        ),
        duration: { ...format('Duration'), description: 'Lifetime of the serving certificate (Go duration, such as 2160h).' },
        renewBefore: { ...format('Duration'), description: 'How long before expiry cert-manager renews it; the webhook reloads the new files without a restart.' },
      }),
      existingSecret: closed('existingSecret mode: a Secret you provide (cert-manager elsewhere, your PKI).', {
        name: {
          description: 'Name of a kubernetes.io/tls Secret in the release namespace with tls.crt and tls.key, valid for <fullname>.<namespace>.svc. Required in this mode.',
          type: 'string',
          pattern: DNS_SUBDOMAIN_OR_EMPTY,
          maxLength: 253,
        },
        caBundle: {
          description: 'base64 of the PEM CA certificate(s) that signed tls.crt (base64 -w0 ca.crt). Required in this mode.',
          type: 'string',
          pattern: PEM_CERT_BASE64_OR_EMPTY,
        },
      }),
      url: closed('url mode: a webhook run outside the cluster (mdbkit serve on a host the API server can reach).', {
        baseURL: {
          description: 'https URL of the webhook without a trailing path; the configurations call <baseURL>/mutate and <baseURL>/validate. Required in this mode.',
          type: 'string',
          pattern: HTTPS_URL_OR_EMPTY,
          maxLength: 2048,
        },
        caBundle: {
          description: 'base64 of the PEM CA certificate(s) of the webhook\'s certificate; empty to use the API server\'s system trust roots.',
          type: 'string',
          pattern: PEM_CERT_BASE64_OR_EMPTY,
        },
      }),
    },
    { allOf: [whenMode('existingSecret', 'existingSecret', ['name', 'caBundle']), whenMode('url', 'url', ['baseURL'])] },
  );
}

/**
 * The NetworkPolicy and the ServiceMonitor (the metrics port is in the main schema). The API server's addresses are not pods and
 * differ per cluster, so the policy cannot name them by itself: the admission port and egress stay open
 * until the CIDR values say where the API server is.
 */
function networkValuesSchema(): Record<string, JSONSchema> {
  const cidrs = (description: string): JSONSchema => ({ description, type: 'array', items: { type: 'string', pattern: CIDR, maxLength: 64 }, uniqueItems: true });
  return {
    networkPolicy: closed('A NetworkPolicy around the webhook pods (not in url mode). Traffic from the pod\'s own node (the kubelet\'s probes) is always allowed by Kubernetes.', {
      enabled: { description: 'Render the NetworkPolicy. It needs a network plugin that enforces NetworkPolicies; without one it changes nothing.', type: 'boolean' },
      apiServerCidrs: cidrs(
        'Sources allowed to call the admission port, as CIDRs (the API server\'s addresses, such as 10.0.0.10/32). Empty: any source, since the API server does not call from a pod and its addresses differ per cluster (control-plane nodes, a managed service\'s range, a konnectivity agent). A wrong list makes every apply fail with failurePolicy Fail.',
      ),
      metricsNamespaceSelector: {
        ...k8s('LabelSelector'),
        description:
          'Namespaces allowed to reach the metrics port (metrics.port), such as {matchLabels: {kubernetes.io/metadata.name: monitoring}}. Empty: no namespace; the metrics port is closed.',
      },
      apiServerEgressCidrs: cidrs(
        'Where the pods may connect besides DNS (port 53), as CIDRs: the Kubernetes API server\'s addresses, which the webhook lists and watches (kubectl get endpoints kubernetes). Empty: all egress is allowed, since those addresses differ per cluster and a wrong list leaves the webhook without its cluster view.',
      ),
    }),
    serviceMonitor: closed('A Prometheus Operator ServiceMonitor scraping the Service port named metrics (not in url mode).', {
      enabled: { description: 'Render the ServiceMonitor; its CRD (monitoring.coreos.com/v1) must be installed. Select Prometheus\'s namespace in networkPolicy.metricsNamespaceSelector too.', type: 'boolean' },
      interval: { description: 'How often Prometheus scrapes /metrics (a Prometheus duration such as 30s or 1m).', type: 'string', pattern: PROMETHEUS_DURATION, minLength: 1, maxLength: 32 },
      labels: { description: 'Labels added to the ServiceMonitor, such as the release label a Prometheus\'s serviceMonitorSelector matches.', type: 'object', additionalProperties: { type: 'string' } },
    }),
  };
}

export function webhookValuesSchema(set: SchemaSet): JSONSchema {
  const groups = apiGroupsOf(set.kinds);
  const namespaceList = (description: string): JSONSchema => ({
    description,
    type: 'array',
    items: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
    uniqueItems: true,
  });
  const nameOverride = (description: string): JSONSchema => ({ description, type: 'string', maxLength: FULLNAME_MAX, pattern: DNS_1035_OR_EMPTY });
  const raw: JSONSchema = {
    $comment: `${GENERATED_HEADER}: made by mdbkit generate from schemas/.`,
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Values of the mdbkit-webhook chart',
    description: 'The mdbkit admission webhook: a Deployment serving POST /mutate and /validate over HTTPS, and the webhook configurations that send it the MariaDB operators\' resources.',
    type: 'object',
    properties: {
      nameOverride: nameOverride('Replaces the chart name in the app.kubernetes.io/name label and in the default names (<release>-<name>).'),
      fullnameOverride: nameOverride('Name of the Service, Deployment, webhook configurations and RBAC objects, instead of <release>-mdbkit-webhook.'),
      servedGroups: {
        description: `API groups whose kinds the webhook defaults and checks (MDBKIT_SERVED_GROUPS): ${groups.join(', ')}. A group whose CRDs are not installed costs nothing: none of its objects reach the webhook, and its cache counts as empty.`,
        type: 'array',
        items: { type: 'string', enum: groups },
        minItems: 1,
        uniqueItems: true,
      },
      disabledRules: {
        description:
          'Rules the webhook does not run (MDBKIT_DISABLE_RULES): rule ids such as maxscale/monitor-interval-short, or every rule of an area such as galera/*; `mdbkit rules` lists them, and the webhook refuses to start on an id it does not have. Only whoever installs the chart decides this: an object\'s own mdbkit.dev/skip-rules annotation is for mdbkit lint and is ignored here.',
        type: 'array',
        items: { type: 'string', pattern: '^[a-z0-9]+/([a-z0-9-]+|\\*)$' },
        uniqueItems: true,
      },
      operatorVersions: {
        description:
          'The mariadb-operator version each operator group is judged at (MDBKIT_OPERATOR_VERSIONS): the version the cluster\'s operator runs, so that a field it added is not refused and a field it removed is. Install the CRDs of the same version (mdbkit-crds operatorVersions).',
        type: 'object',
        properties: Object.fromEntries(
          [...(set.operatorVersions?.groups.values() ?? [])].map((g) => [g.group, { description: `${g.versions.join(' or ')}; default ${g.default}.`, type: 'string', enum: g.versions }]),
        ),
        additionalProperties: false,
      },
      failurePolicy: {
        description: 'What the API server does when the webhook cannot be called. Fail: the apply is refused until the webhook answers. Ignore: the object is stored without mdbkit\'s defaults and checks (the CRDs\' own rules still hold). See README.md.',
        type: 'string',
        enum: ['Fail', 'Ignore'],
      },
      timeoutSeconds: {
        description: 'How long the API server waits for each call before applying failurePolicy (1 to 30).',
        type: 'integer',
        minimum: 1,
        maximum: 30,
      },
      excludeNamespaces: namespaceList('More namespaces the webhooks skip, besides kube-system and the release namespace, which are always skipped.'),
      watchNamespaces: namespaceList('Namespaces the webhook reads and serves (MDBKIT_WATCH_NAMESPACES); empty for all. When set, the webhooks are called only for these namespaces.'),
      clusterDomain: {
        description: 'The cluster\'s DNS domain (MDBKIT_CLUSTER_DOMAIN): used in the defaulted server addresses and in the generated certificate\'s second name.',
        type: 'string',
        pattern: DNS_SUBDOMAIN,
        maxLength: 253,
      },
      logLevel: { description: 'Log level of the webhook (MDBKIT_LOG_LEVEL).', type: 'string', enum: [...LOG_LEVELS] },
      metrics: closed('GET /metrics (Prometheus), served over plain HTTP on its own port, apart from the admission port.', {
        port: {
          description:
            'Port of /metrics in the pod and on the Service, named metrics (MDBKIT_METRICS_PORT): a NetworkPolicy can then let the API server reach the webhook port and only chosen namespaces reach this one. Not 8443, the webhook port; 1024 or above, as the webhook runs without privileges.',
          type: 'integer',
          minimum: 1024,
          maximum: 65535,
          not: { const: 8443 },
        },
      }),
      tls: tlsSchema(),
      replicaCount: {
        description: 'Webhook pods. Two or more keep applies working through a node drain; with more than one, a PodDisruptionBudget keeps one available.',
        type: 'integer',
        minimum: 1,
      },
      image: closed('The mdbkit image, built from the repository\'s Dockerfile.', {
        repository: { description: 'Image repository; no image is published, so push your build and name it here.', type: 'string', minLength: 1, pattern: '^[^\\s:@]+(:[0-9]+)?(/[^\\s:@]+)*$' },
        tag: { description: 'Image tag; empty for the chart\'s appVersion.', type: 'string', pattern: '^([\\w][\\w.-]{0,127})?$' },
        pullPolicy: { description: 'Image pull policy.', type: 'string', enum: ['IfNotPresent', 'Always', 'Never'] },
      }),
      imagePullSecrets: {
        description: 'Secrets for pulling the image from a private registry.',
        type: 'array',
        items: { type: 'object', properties: { name: { description: 'Name of a docker-registry Secret in the release namespace.', type: 'string', pattern: DNS_SUBDOMAIN } }, required: ['name'], additionalProperties: false },
      },
      resources: { ...k8s('ResourceRequirements'), description: 'CPU and memory of the webhook container. The memory holds the informer cache of the served kinds.' },
      maxHeapMiB: {
        description:
          "Node's old-space limit for the webhook (NODE_OPTIONS=--max-old-space-size), in MiB. Node sizes its heap from the memory it sees and lets garbage fill much of it before a full collection: uncapped, the benchmark's load took the webhook to 309 MiB, past the default 256Mi limit; with 128 it peaked at 176 MiB (BENCHMARKS.md). Keep it at about half of resources.limits.memory; the webhook keeps about 46 MiB of live heap.",
        type: 'integer',
        minimum: 64,
      },
      podAnnotations: { description: 'Annotations added to the webhook pods.', type: 'object', additionalProperties: { type: 'string' } },
      priorityClassName: { description: 'PriorityClass of the webhook pods; with failurePolicy Fail, a high one keeps them scheduled under pressure.', type: 'string', pattern: DNS_SUBDOMAIN_OR_EMPTY },
      nodeSelector: { description: 'Node labels the webhook pods must match.', type: 'object', additionalProperties: { type: 'string' } },
      tolerations: { description: 'Tolerations of the webhook pods.', type: 'array', items: k8s('Toleration') },
      affinity: { ...k8s('Affinity'), description: 'Affinity of the webhook pods; the chart already spreads them over nodes and zones.' },
      ...networkValuesSchema(),
      global: { description: "Helm's global values, passed down when this chart is a dependency of another; this chart reads none.", type: 'object' },
    },
    required: [
      'servedGroups', 'disabledRules', 'operatorVersions', 'failurePolicy', 'timeoutSeconds', 'excludeNamespaces', 'watchNamespaces', 'clusterDomain', 'logLevel',
      'tls', 'replicaCount', 'image', 'imagePullSecrets', 'resources', 'maxHeapMiB', 'podAnnotations', 'priorityClassName', 'nodeSelector', 'tolerations', 'affinity',
      'metrics', 'networkPolicy', 'serviceMonitor',
    ],
    additionalProperties: false,
  };
  const schema = keepDraft07Keywords(bundleStandalone(raw, set.lookup));
  assertHelmSafe(schema, 'charts/mdbkit-webhook/values.schema.json');
  return schema;
}

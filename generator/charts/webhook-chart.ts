// charts/mdbkit-webhook: the admission webhook (`mdbkit serve`) as a Deployment behind a Service, and the
// Mutating- and ValidatingWebhookConfiguration that send it the MariaDB operators' resources. Its rules and
// ClusterRole list every kind of the schemas, per API group; its values.schema.json makes a wrong TLS mode
// or a missing CA bundle fail `helm install` with its path. Computed from the SchemaSet (and the project
// version) alone; nothing touches the disk.
import { stringify } from 'yaml';
import type { JSONSchema } from '../../kinds/json-schema.js';
import type { SchemaSet } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../output-file.js';
import { projectVersion } from '../../kinds/project-paths.js';
import { HELMIGNORE } from './cluster-chart-templates.js';
import { describedYaml } from './described-yaml.js';
import { chartKeysTable } from './values-table.js';
import { servableGroups, webhookDefaultValues, webhookValuesSchema } from './webhook-values.js';
import {
  CERTIFICATE_YAML,
  CLUSTER_ROLE_BINDING_YAML,
  CONTAINER_PORT,
  DEPLOYMENT_YAML,
  HELPERS_TPL,
  NOTES_TXT,
  PDB_YAML,
  RUN_AS_ID,
  SERVICE_ACCOUNT_YAML,
  SERVICE_YAML,
  TLS_SECRET_YAML,
  clusterRoleTpl,
  groupRules,
  webhookConfigurationTpl,
} from './webhook-templates.js';

export const WEBHOOK_CHART = 'charts/mdbkit-webhook';
const CHART_NAME = 'mdbkit-webhook';
const MADE_BY = `${GENERATED_HEADER}: made by mdbkit generate.`;
/** What kubectl printed while the webhook was down (test/fixtures/admission-v1.26/webhook-down-apply.txt). */
export const CAPTURED_WEBHOOK_DOWN =
  'Error from server (InternalError): error when creating "m/mxs-down.yaml": Internal error occurred: failed calling webhook "mutate.capture.enterprise.mariadb.com": failed to call webhook: Post "https://127.0.0.1:18443/mutate?timeout=5s": dial tcp 127.0.0.1:18443: connect: connection refused';

/**
 * A throwaway self-signed CA (its key was discarded), so that the ci files exercise the caBundle checks
 * with a real certificate. Nothing should ever trust it.
 */
const EXAMPLE_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBvzCCAWWgAwIBAgIUJLIpVxxnaDgAZ8yh7A1i0qVqi2YwCgYIKoZIzj0EAwIw
LDEqMCgGA1UEAwwhbWRia2l0IGV4YW1wbGUgQ0EgKG5vdCBhIHJlYWwgQ0EpMCAX
DTI2MTEyMDIzNTgzNFoYDzIxMjYxMDI3MjM1ODM0WjAsMSowKAYDVQQDDCFtZGJr
aXQgZXhhbXBsZSBDQSAobm90IGEgcmVhbCBDQSkwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAS0/Jl5lh6rx1s2jtJNjEnvjzV7skrR5ibDjukYduoaPsSFsNZrC1ka
rmDY5F6UkL3nKIvSxVsKRAwy/ZmJvCovo2MwYTAdBgNVHQ4EFgQUWUDE9YRamUos
wjnuru6SA8CvrxQwHwYDVR0jBBgwFoAUWUDE9YRamUoswjnuru6SA8CvrxQwDwYD
VR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwCgYIKoZIzj0EAwIDSAAwRQIg
bgZ9/7ldSp+iO0zbBkl8b32SQVA+wfWpu+chKGQnn2gCIQCrBYNeZp/r+zPxTdnb
S1LzcQuwJpQRLOexSKXqtyt33Q==
-----END CERTIFICATE-----
`;
export const EXAMPLE_CA_BUNDLE = Buffer.from(EXAMPLE_CA_PEM).toString('base64');

/** "Connection, MariaDB or MaxScale". */
function kindList(set: SchemaSet): string {
  const kinds = set.kinds.map((k) => k.kind);
  return kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}` : kinds.join('');
}


/** Advice values.yaml adds after a key's description (keys whose schema has none, mostly). */
const VALUES_NOTES: Record<string, string> = {
  'resources.requests.cpu': 'CPU the scheduler reserves.',
  'resources.requests.memory': 'Memory the scheduler reserves.',
  'resources.limits.cpu': 'CPU ceiling: a throttled webhook answers late, and past timeoutSeconds failurePolicy applies.',
  'resources.limits.memory': 'Memory ceiling: past it the container is restarted.',
  'tls.mode': 'The ci/*-values.yaml files show each.',
};

interface CiValues {
  file: string;
  title: string;
  body: string;
}

/** `helm lint`, chart-testing and our tests run every ci/*-values.yaml: one per TLS mode. */
export const CI_VALUES: CiValues[] = [
  {
    file: 'gen-ca-values.yaml',
    title: 'genCA: the chart generates the CA and serving certificate and keeps them on upgrade; both operators\' groups are served.',
    body: `servedGroups:
  - enterprise.mariadb.com
  - k8s.mariadb.com
tls:
  mode: genCA
  genCA:
    validityDays: 825
`,
  },
  {
    file: 'cert-manager-values.yaml',
    title: 'certManager: cert-manager (installed separately) issues the certificate from a CA chain the chart creates, and injects the CA.',
    body: `tls:
  mode: certManager
  certManager:
    duration: 2160h
    renewBefore: 360h
`,
  },
  {
    file: 'existing-secret-values.yaml',
    title: 'existingSecret: a kubernetes.io/tls Secret made elsewhere; caBundle is base64 of the CA that signed it (here a throwaway example CA).',
    body: `tls:
  mode: existingSecret
  existingSecret:
    name: mdbkit-webhook-serving-cert
    caBundle: ${EXAMPLE_CA_BUNDLE}
`,
  },
  {
    file: 'url-values.yaml',
    title: 'url: the webhook runs outside the cluster; only the webhook configurations are rendered. Ignore, since the API server may lose that host.',
    body: `failurePolicy: Ignore
tls:
  mode: url
  url:
    baseURL: https://mdbkit.example.com:8443
    caBundle: ${EXAMPLE_CA_BUNDLE}
`,
  },
];

function chartYaml(set: SchemaSet, version: string): string {
  const chart = {
    apiVersion: 'v2',
    name: CHART_NAME,
    description: `The mdbkit admission webhook: defaults and checks ${kindList(set)} resources of the MariaDB operators as they are applied.`,
    type: 'application',
    version,
    appVersion: version,
    // admissionregistration.k8s.io/v1 with matchPolicy, policy/v1 PDBs and the kubernetes.io/metadata.name label.
    kubeVersion: '>=1.25.0-0',
    keywords: ['mariadb', 'maxscale', 'admission-webhook', 'operator'],
    home: 'https://mariadb.com/docs/tools/mariadb-enterprise-operator',
    annotations: {
      'mdbkit.dev/generated': 'true',
      'mdbkit.dev/api-groups': servableGroups(set).join(','),
    },
  };
  return `# ${MADE_BY}\n${stringify(chart, { lineWidth: 0 })}`;
}

function celRules(set: SchemaSet): string[] {
  return set.kinds.flatMap((k) =>
    ((k.schema.properties?.spec?.['x-kubernetes-validations'] as Array<{ message: string }> | undefined) ?? []).map((v) => `- ${k.kind}: ${v.message}.`),
  );
}

/** The "Installing the webhook with Helm" text; README.md of the chart opens with it too. */
export function installSection(version: string): string {
  return `\`\`\`sh
docker build -t registry.example.com/mdbkit:${version} . && docker push registry.example.com/mdbkit:${version}
helm install mdbkit-crds ./charts/mdbkit-crds                # the CRDs first (or the operator's own)
helm install mdbkit-webhook ./charts/mdbkit-webhook -n mdbkit-system --create-namespace \\
  --set image.repository=registry.example.com/mdbkit
kubectl -n mdbkit-system rollout status deployment/mdbkit-webhook
\`\`\`

No image is published: build it from the repository's \`Dockerfile\` (multi-stage, production dependencies
only, runs as user ${RUN_AS_ID}) and push it where the cluster can pull. On kind, \`docker build -t mdbkit:${version} .\`
and \`kind load docker-image mdbkit:${version}\` fit the default \`image.repository\` (\`mdbkit\`). By default the chart generates its own CA and serving
certificate (\`tls.mode=genCA\`) and serves \`enterprise.mariadb.com\`; add \`--set 'servedGroups={enterprise.mariadb.com,k8s.mariadb.com}'\`
for the community operator's group too, or \`-f ./charts/mdbkit-webhook/ci/cert-manager-values.yaml\` to let
cert-manager issue the certificate.`;
}

function readme(set: SchemaSet, version: string, schema: JSONSchema, values: Record<string, unknown>): string {
  const rules = groupRules(set)
    .map((r) => `| \`${r.group}\` | \`${r.version}\` | ${r.resources.map((x) => `\`${x}\``).join(', ')} | ${r.plurals.map((x) => `\`${x}\``).join(', ')} |`)
    .join('\n');
  return `<!-- ${MADE_BY} -->
# mdbkit-webhook

The mdbkit admission webhook (\`mdbkit serve\`) for the MariaDB operators' resources. Its mutating webhook
applies the operators' defaults when a ${kindList(set)} is created or updated (what
\`mdbkit default\` prints), and its validating webhook refuses unsafe specs with the field and the reason, as
\`mdbkit lint\` reports them, before the operator ever sees them.

## Install

${installSection(version)}

## What it deploys

| object | name | when |
| --- | --- | --- |
| Deployment | \`<fullname>\` | not in url mode: ${values.replicaCount} replicas by default, spread over nodes and zones, rolled one new pod at a time |
| Service | \`<fullname>\` | not in url mode: port 443 to the pods' ${CONTAINER_PORT} (HTTPS: \`/mutate\`, \`/validate\`, \`/healthz\`, \`/readyz\`, \`/metrics\`) |
| PodDisruptionBudget | \`<fullname>\` | not in url mode, with more than one replica: \`minAvailable: 1\` |
| ServiceAccount, ClusterRole, ClusterRoleBinding | \`<fullname>\` | not in url mode: get, list and watch on the served kinds, nothing else |
| MutatingWebhookConfiguration, ValidatingWebhookConfiguration | \`<fullname>\` | always |
| Secret (kubernetes.io/tls) | \`<fullname>-tls\` | genCA mode |
| cert-manager Issuers and Certificates | \`<fullname>-selfsigned\`, \`<fullname>-ca\`, \`<fullname>-tls\` | certManager mode (only \`<fullname>-tls\` with \`tls.certManager.issuerRef.name\`) |

\`<fullname>\` is the release name (\`mdbkit-webhook\` above), or \`<release>-mdbkit-webhook\` when the release
name does not contain the chart name.

The pods run as user ${RUN_AS_ID} with a read-only root filesystem, no capabilities, no privilege escalation and the
RuntimeDefault seccomp profile; HTTPS liveness (\`/healthz\`) and readiness (\`/readyz\`) probes; CPU and
memory requests and limits. They read the certificate from the mounted Secret and reload it when it changes.

## Rules

Both configurations send CREATE and UPDATE of these resources (kinds with a scale subresource also send
\`<plural>/scale\`, which \`kubectl scale\` changes) for each API group in \`servedGroups\`, with
\`admissionReviewVersions: [v1]\`, \`sideEffects: None\` (so \`kubectl apply --dry-run=server\` is checked
too), \`matchPolicy: Equivalent\` and \`timeoutSeconds: ${values.timeoutSeconds}\`. DELETE is not sent: the webhook has
nothing to say about it, and it would only make deletes fail while the webhook is down.

| group | version | webhook resources | ClusterRole resources (get, list, watch) |
| --- | --- | --- | --- |
${rules}

The \`namespaceSelector\` skips \`kube-system\`, the release namespace and \`excludeNamespaces\` by their
\`kubernetes.io/metadata.name\` label; with \`watchNamespaces\`, only those namespaces are sent.

## TLS

The API server calls webhooks over HTTPS only and must trust the certificate: each configuration's
\`caBundle\` holds the CA. \`tls.mode\` chooses who makes the certificate:

| \`tls.mode\` | certificate | CA in the configurations | needs |
| --- | --- | --- | --- |
| \`genCA\` (default) | generated by Helm (\`genCA\`, \`genSignedCert\`) for \`<fullname>.<namespace>.svc\` and \`<fullname>.<namespace>.svc.<clusterDomain>\`, in Secret \`<fullname>-tls\` | written by the chart | nothing |
| \`certManager\` | a cert-manager Certificate \`<fullname>-tls\`, from a CA chain the chart creates or from \`tls.certManager.issuerRef\` | injected by cert-manager's cainjector (\`cert-manager.io/inject-ca-from\`) | cert-manager |
| \`existingSecret\` | your kubernetes.io/tls Secret \`tls.existingSecret.name\`, valid for \`<fullname>.<namespace>.svc\` | \`tls.existingSecret.caBundle\` | both values: the schema refuses the mode without them |
| \`url\` | whatever the webhook outside the cluster serves | \`tls.url.caBundle\`, or the API server's system roots when empty | \`tls.url.baseURL\`; no Deployment, Service or RBAC is rendered |

genCA keeps its certificates: on upgrade the chart reads the existing Secret (Helm's \`lookup\`) and renders
the same CA and certificate again, so the API server's trust never changes under a running webhook. To renew
them, delete the Secret and run \`helm upgrade\`. \`helm template\` and \`--dry-run\` cannot read the cluster and
show freshly generated ones.

Each mode has an example in \`ci/\`:

| example values | what they show |
| --- | --- |
${CI_VALUES.map((ci) => `| [\`ci/${ci.file}\`](ci/${ci.file}) | ${ci.title} |`).join('\n')}

\`\`\`sh
helm install mdbkit-webhook ./charts/mdbkit-webhook -n mdbkit-system --create-namespace \\
  --set tls.mode=existingSecret --set tls.existingSecret.name=my-webhook-cert \\
  --set tls.existingSecret.caBundle="$(base64 -w0 ca.crt)"
\`\`\`

## failurePolicy: Fail or Ignore

\`failurePolicy\` is what the API server does when it cannot get an answer (pods down, not ready yet,
unreachable, slower than \`timeoutSeconds\`).

- **\`Fail\` (default)**: every apply of a served resource is refused until the webhook answers again. This is what
  kubectl printed when a kube-apiserver 1.26 could not reach the webhook during the capture
  (\`test/fixtures/admission-v1.26/webhook-down-apply.txt\`):

  \`\`\`text
  ${CAPTURED_WEBHOOK_DOWN}
  \`\`\`

  The operators' own updates of these objects (finalizers, for instance) are refused too, so reconciliation
  stalls until the webhook is back. Nothing unchecked is stored, at the price of applies failing while the webhook is down: hence two replicas,
  the PodDisruptionBudget, the spread over nodes and a rollout that starts a new pod before stopping one. On a
  fresh install, applies fail until the first pod is ready.
- **\`Ignore\`**: applies go through while the webhook is down, without mdbkit's defaults and without its checks:
  unsafe specs are stored and reach the operator. The CRDs' own validation still holds, since the API
  server evaluates it without the webhook (install the CRDs from \`charts/mdbkit-crds\`):
${celRules(set).map((line) => `  ${line}`).join('\n')}

Run \`mdbkit lint\` in CI either way: it applies the same defaults and rules before anything reaches the cluster.

## Values

Helm checks every value against \`values.schema.json\`: a misspelled key, \`tls.mode: bogus\`, or
\`tls.mode: existingSecret\` without \`tls.existingSecret.caBundle\` fails \`helm install\` with the path of the value.

${chartKeysTable(schema, values)}
`;
}

export function emitWebhookChart(set: SchemaSet): OutputFile[] {
  const version = projectVersion();
  const schema = webhookValuesSchema(set);
  const values = webhookDefaultValues(set);
  const file = (path: string, contents: string): OutputFile => ({ path: `${WEBHOOK_CHART}/${path}`, contents });
  return [
    file('.helmignore', HELMIGNORE),
    file('Chart.yaml', chartYaml(set, version)),
    file('README.md', readme(set, version, schema, values)),
    ...CI_VALUES.map((ci) => file(`ci/${ci.file}`, `# ${MADE_BY}\n# ${ci.title}\n${ci.body}`)),
    file('templates/NOTES.txt', NOTES_TXT),
    file('templates/_helpers.tpl', HELPERS_TPL),
    file('templates/certificate.yaml', CERTIFICATE_YAML),
    file('templates/clusterrole.yaml', clusterRoleTpl(set)),
    file('templates/clusterrolebinding.yaml', CLUSTER_ROLE_BINDING_YAML),
    file('templates/deployment.yaml', DEPLOYMENT_YAML),
    file('templates/mutatingwebhookconfiguration.yaml', webhookConfigurationTpl(set, 'MutatingWebhookConfiguration')),
    file('templates/pdb.yaml', PDB_YAML),
    file('templates/service.yaml', SERVICE_YAML),
    file('templates/serviceaccount.yaml', SERVICE_ACCOUNT_YAML),
    file('templates/tls-secret.yaml', TLS_SECRET_YAML),
    file('templates/validatingwebhookconfiguration.yaml', webhookConfigurationTpl(set, 'ValidatingWebhookConfiguration')),
    file('values.schema.json', `${JSON.stringify(schema, null, 2)}\n`),
    file('values.yaml', `# ${MADE_BY}\n# Every key is checked against values.schema.json; README.md lists them all.\n\n${describedYaml(values, schema, VALUES_NOTES)}`),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

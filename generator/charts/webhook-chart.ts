// charts/mdbkit-webhook: the admission webhook (`mdbkit serve`) as a Deployment behind a Service, and the
// Mutating- and ValidatingWebhookConfiguration that send it the MariaDB operators' resources. Its rules and
// ClusterRole list every kind of the schemas, per API group; its values.schema.json makes a wrong TLS mode
// or a missing CA bundle fail `helm install` with its path. The chart's text is in
// generator/charts/templates/mdbkit-webhook/; this computes what it takes from the schemas (and the project
// version). Nothing touches the disk but the templates' reading.
import type { SchemaSet } from '../../kinds/load-schemas.js';
import type { OutputFile } from '../output-file.js';
import { apiGroupsOf } from '../../kinds/kind-definition.js';
import { projectVersion } from '../../kinds/project-paths.js';
import { specValidationRules } from '../crd/validation-rules.js';
import { chartTemplates, upstreamRepositories, type ChartMetadata } from './chart-templates.js';
import { describedYaml } from './described-yaml.js';
import { chartKeysTable } from './values-table.js';
import { FULLNAME_MAX, webhookDefaultValues, webhookValuesSchema } from './webhook-values.js';
import { groupRules } from './webhook-rules.js';

const CHART_NAME = 'mdbkit-webhook';
/** Where the chart is written (the loader writes every chart below charts/<name>). */
export const WEBHOOK_CHART = `charts/${CHART_NAME}`;
/** The port the webhook serves HTTPS on in its pod; the Service's 443 leads there. */
const CONTAINER_PORT = 8443;
/** The distroless "nonroot" id, also the Dockerfile's USER: no passwd entry, no home, no shell. */
const RUN_AS_ID = 65532;
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
  const kinds = [...new Set(set.kinds.map((k) => k.kind))];
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

export function emitWebhookChart(set: SchemaSet): OutputFile[] {
  const schema = webhookValuesSchema(set);
  const values = webhookDefaultValues(set);
  const chart: ChartMetadata = {
    name: CHART_NAME,
    description: `The mdbkit admission webhook: defaults and checks ${kindList(set)} resources of the MariaDB operators as they are applied.`,
    version: projectVersion(),
    // The webhook is mdbkit itself (its image is mdbkit:<appVersion>).
    appVersion: projectVersion(),
    // admissionregistration.k8s.io/v1 with matchPolicy, policy/v1 PDBs and the kubernetes.io/metadata.name label.
    kubeVersion: '>=1.25.0-0',
    keywords: ['mariadb', 'maxscale', 'admission-webhook', 'operator'],
    home: 'https://mariadb.com/docs/tools/mariadb-enterprise-operator',
    upstreamSources: upstreamRepositories(set),
    apiGroups: apiGroupsOf(set.kinds),
    madeFrom: null,
  };
  return chartTemplates().renderChart(chart, {
    rules: groupRules(set),
    kindList: kindList(set),
    celRules: specValidationRules(set),
    values,
    valuesYaml: describedYaml(values, schema, VALUES_NOTES).replace(/\n$/, ''),
    valuesTable: chartKeysTable(schema, values),
    fullnameMax: FULLNAME_MAX,
    containerPort: CONTAINER_PORT,
    runAsId: RUN_AS_ID,
    exampleCaBundle: EXAMPLE_CA_BUNDLE,
    capturedWebhookDown: CAPTURED_WEBHOOK_DOWN,
  }, { dataFiles: { 'values.schema.json': `${JSON.stringify(schema, null, 2)}\n` } });
}

// charts/mdbkit-webhook as users meet it: the emitter's files written to a temporary folder and run through
// the real helm 3.10 (lint --strict, template), offline, in every TLS mode. The rendered objects are checked
// field by field (security context, probes, RBAC, the webhook configurations, the certificates); bad values
// must fail with their path. (The Dockerfile is checked in test/packaging/dockerfile.test.ts.)
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { helmSchemaProblems } from '../../generator/charts/helm-safe-schema.js';
import { CAPTURED_WEBHOOK_DOWN, EXAMPLE_CA_BUNDLE, emitWebhookChart, WEBHOOK_CHART } from '../../generator/charts/webhook-chart.js';
import { isSchemaObject, type JSONSchema } from '../../kinds/json-schema.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../../generator/output-file.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { DEFAULT_SERVED_GROUPS } from '../../webhook/serve-options.js';
import { writeFiles } from '../../generator/write-files.js';
import { only, ofKind, RECOMMENDED_LABELS, type Obj } from '../support/chart-objects.js';
import { helm } from '../support/helm.js';

const RELEASE = 'mdbkit-webhook';
const NAMESPACE = 'mdbkit-system';
const FULLNAME = 'mdbkit-webhook';
const ENTERPRISE = 'enterprise.mariadb.com';
const COMMUNITY = 'k8s.mariadb.com';
const CI_FILES = ['gen-ca-values.yaml', 'cert-manager-values.yaml', 'existing-secret-values.yaml', 'url-values.yaml'];
const SERVICE_DNS = [`${FULLNAME}.${NAMESPACE}.svc`, `${FULLNAME}.${NAMESPACE}.svc.cluster.local`];

let work: string;
let chartDir: string;
let files: OutputFile[];

function valuesFile(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const ci = (file: string): string[] => ['-f', join(chartDir, 'ci', file)];

function template(args: string[], release = RELEASE): Obj[] {
  const run = helm(['template', release, chartDir, '--namespace', NAMESPACE, ...args]);
  assert.equal(run.status, 0, `helm template ${args.join(' ')} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

function rejected(args: string[]): string {
  const run = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, ...args]);
  assert.notEqual(run.status, 0, 'helm accepted the values');
  return run.stderr;
}


function configurations(objects: Obj[]): Obj[] {
  return [only(objects, 'MutatingWebhookConfiguration'), only(objects, 'ValidatingWebhookConfiguration')];
}

/** The one webhook of each configuration, with the path it calls. */
function webhooks(objects: Obj[]): Array<{ webhook: Obj; path: string; config: Obj }> {
  return configurations(objects).map((config) => {
    assert.equal(config.webhooks.length, 1);
    return { webhook: config.webhooks[0], path: config.kind.startsWith('Mutating') ? '/mutate' : '/validate', config };
  });
}

/** Every served group's resources, as the schemas define the kinds. */
function expectedResources(groups: string[]): Obj[] {
  const set = loadSchemas();
  return groups.map((group) => {
    // Every kind of any operator version the group offers, once: the chart serves whichever version is chosen.
    const kinds = [...new Map(set.kinds.filter((k) => k.groups.includes(group)).map((k) => [k.plural, k])).values()];
    return {
      group,
      plurals: kinds.map((k) => k.plural).sort(),
      resources: kinds.flatMap((k) => (k.scale ? [k.plural, `${k.plural}/scale`] : [k.plural])).sort(),
    };
  });
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isSchemaObject(base) || !isSchemaObject(over)) return over;
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

describe('charts/mdbkit-webhook', function () {
  this.timeout(300_000);

  before(() => {
    files = emitWebhookChart(loadSchemas());
    work = mkdtempSync(join(tmpdir(), 'mdbkit-webhook-chart-'));
    writeFiles(work, files);
    chartDir = join(work, WEBHOOK_CHART);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the generated files', () => {
    it('are every file of the chart, each starting with the generated header', () => {
      const paths = files.map((f) => f.path.slice(WEBHOOK_CHART.length + 1));
      assert.deepEqual(paths, [
        '.helmignore',
        'Chart.yaml',
        'README.md',
        ...CI_FILES.map((f) => `ci/${f}`).sort(),
        'templates/NOTES.txt',
        'templates/_helpers.tpl',
        'templates/certificate.yaml',
        'templates/clusterrole.yaml',
        'templates/clusterrolebinding.yaml',
        'templates/deployment.yaml',
        'templates/mutatingwebhookconfiguration.yaml',
        'templates/networkpolicy.yaml',
        'templates/pdb.yaml',
        'templates/service.yaml',
        'templates/serviceaccount.yaml',
        'templates/servicemonitor.yaml',
        'templates/tls-secret.yaml',
        'templates/validatingwebhookconfiguration.yaml',
        'values.schema.json',
        'values.yaml',
      ]);
      for (const file of files) {
        const first = file.path.endsWith('.json') ? file.contents.split('\n')[1]! : file.contents.split('\n')[0]!;
        assert.ok(first.includes(GENERATED_HEADER), `${file.path} starts with ${JSON.stringify(first)}`);
      }
      const chart = parseYaml(files.find((f) => f.path.endsWith('Chart.yaml'))!.contents) as Obj;
      assert.equal(chart.apiVersion, 'v2');
      assert.equal(chart.name, 'mdbkit-webhook');
      assert.match(chart.version, /^\d+\.\d+\.\d+/);
      assert.equal(chart.appVersion, chart.version);
    });

    it('are the same bytes on every run', () => {
      const again = emitWebhookChart(loadSchemas());
      assert.deepEqual(again, files);
      for (const file of again) assert.equal(readFileSync(join(work, file.path), 'utf8'), file.contents, file.path);
    });

    it('comment every key of values.yaml', () => {
      const lines = readFileSync(join(chartDir, 'values.yaml'), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*[A-Za-z][\w.]*:/.test(line)) assert.match(lines[i - 1] ?? '', /^\s*#/, `values.yaml line ${i + 1} (${line.trim()}) has no comment above it`);
      });
    });

    it('document installing, every value, the TLS modes and the failurePolicy trade-off in the README', () => {
      const readme = files.find((f) => f.path.endsWith('README.md'))!.contents;
      assert.ok(readme.includes('helm install mdbkit-webhook ./charts/mdbkit-webhook -n mdbkit-system --create-namespace'));
      const captured = readFileSync(join(PROJECT_ROOT, 'test/fixtures/admission-v1.26/webhook-down-apply.txt'), 'utf8').trim();
      assert.equal(CAPTURED_WEBHOOK_DOWN, captured, 'the README quotes the captured kubectl output exactly');
      assert.ok(readme.includes(captured));
      for (const text of ['`genCA`', '`certManager`', '`existingSecret`', '`url`', 'cert-manager.io/inject-ca-from', '**`Fail` (default)**', '**`Ignore`**', 'An odd number of MariaDB instances']) {
        assert.ok(readme.includes(text), `README lacks ${text}`);
      }
      const values = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Obj;
      // Objects get a row per key, except resources (a Kubernetes type: one row); empty maps and lists get one row.
      const leaves = (value: unknown, key: string): string[] =>
        isSchemaObject(value) && Object.keys(value).length > 0 && key !== 'resources' ? Object.entries(value).flatMap(([k, v]) => leaves(v, `${key}.${k}`)) : [key];
      for (const key of Object.entries(values).flatMap(([k, v]) => leaves(v, k))) assert.ok(readme.includes(`| \`${key}\` |`), `README lacks a row for ${key}`);
      for (const file of CI_FILES) assert.ok(readme.includes(`ci/${file}`), file);
    });
  });

  describe('values.schema.json', () => {
    let schema: JSONSchema;
    let defaults: Obj;
    before(() => {
      schema = JSON.parse(files.find((f) => f.path.endsWith('values.schema.json'))!.contents) as JSONSchema;
      defaults = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Obj;
    });

    it('is draft-07, accepts values.yaml and every ci file, and is safe for Helm', () => {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.match(String(schema.$comment), new RegExp(GENERATED_HEADER));
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
      const validate = ajv.compile(schema);
      assert.ok(validate(defaults), ajv.errorsText(validate.errors));
      for (const file of CI_FILES) {
        const merged = deepMerge(defaults, parseYaml(readFileSync(join(chartDir, 'ci', file), 'utf8')));
        assert.ok(validate(merged), `${file}: ${ajv.errorsText(validate.errors)}`);
      }
      assert.deepEqual(helmSchemaProblems(schema), []);
    });

    it('closes every object with properties and offers the modes as an enum', () => {
      // The if/then branches only add requirements to the closed objects they sit beside, so they are not walked.
      const open: string[] = [];
      const walk = (node: unknown, at: string) => {
        if (!isSchemaObject(node)) return;
        if (node.properties && node.additionalProperties !== false) open.push(at);
        for (const key of ['properties', 'definitions'] as const) {
          for (const [name, child] of Object.entries(node[key] ?? {})) walk(child, `${at}/${key}/${name}`);
        }
        for (const key of ['items', 'additionalProperties']) walk(node[key], `${at}/${key}`);
        for (const key of ['allOf', 'anyOf', 'oneOf']) (Array.isArray(node[key]) ? (node[key] as unknown[]) : []).forEach((child, i) => walk(child, `${at}/${key}/${i}`));
      };
      walk(schema, '#');
      assert.deepEqual(open, []);
      assert.ok(schema.properties!.tls!.allOf!.every((branch) => branch.if && branch.then), 'tls.allOf holds only if/then branches');
      const tls = schema.properties!.tls!;
      assert.deepEqual(tls.properties!.mode!.enum, ['genCA', 'certManager', 'existingSecret', 'url']);
      assert.deepEqual(schema.properties!.failurePolicy!.enum, ['Fail', 'Ignore']);
      assert.deepEqual((schema.properties!.servedGroups!.items as JSONSchema).enum, [...new Set(loadSchemas().kinds.flatMap((k) => k.groups))].sort());
    });

    it('needs the Secret and its CA in existingSecret mode, and the URL in url mode (if/then)', () => {
      const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
      const withTls = (tls: Obj) => deepMerge(defaults, { tls });
      assert.equal(validate(withTls({ mode: 'existingSecret', existingSecret: { name: 'cert' } })), false);
      assert.ok(validate.errors!.some((e) => e.instancePath === '/tls/existingSecret/caBundle'), JSON.stringify(validate.errors));
      assert.equal(validate(withTls({ mode: 'existingSecret', existingSecret: { name: 'cert', caBundle: EXAMPLE_CA_BUNDLE } })), true);
      assert.equal(validate(withTls({ mode: 'url' })), false);
      assert.equal(validate(withTls({ mode: 'url', url: { baseURL: 'https://hooks.example.com' } })), true);
      // Outside their mode, the empty defaults are fine.
      assert.equal(validate(withTls({ mode: 'genCA' })), true);
    });
  });

  describe('helm lint --strict', () => {
    for (const file of [undefined, ...CI_FILES]) {
      it(`passes with ${file ? `ci/${file}` : 'the default values'}`, () => {
        const run = helm(['lint', '--strict', chartDir, '--namespace', NAMESPACE, ...(file ? ci(file) : [])]);
        assert.equal(run.status, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
        assert.doesNotMatch(run.stdout, /\[(WARNING|ERROR)\]/);
      });
    }
  });

  describe('helm template', () => {
    const modes: Array<{ name: string; args: () => string[]; mode: string; groups: string[]; failurePolicy: string }> = [
      // Both operators' groups by default, so community-operator users are checked too; gen-ca narrows to one.
      { name: 'the default values (genCA)', args: () => [], mode: 'genCA', groups: [ENTERPRISE, COMMUNITY], failurePolicy: 'Fail' },
      { name: 'ci/gen-ca-values.yaml', args: () => ci('gen-ca-values.yaml'), mode: 'genCA', groups: [COMMUNITY], failurePolicy: 'Fail' },
      { name: 'ci/cert-manager-values.yaml', args: () => ci('cert-manager-values.yaml'), mode: 'certManager', groups: [ENTERPRISE, COMMUNITY], failurePolicy: 'Fail' },
      { name: 'ci/existing-secret-values.yaml', args: () => ci('existing-secret-values.yaml'), mode: 'existingSecret', groups: [ENTERPRISE, COMMUNITY], failurePolicy: 'Fail' },
      { name: 'ci/url-values.yaml', args: () => ci('url-values.yaml'), mode: 'url', groups: [ENTERPRISE, COMMUNITY], failurePolicy: 'Ignore' },
    ];

    for (const c of modes) {
      describe(`with ${c.name}`, () => {
        let objects: Obj[];
        const inCluster = c.mode !== 'url';
        before(() => {
          objects = template(c.args());
        });

        it('labels every object and renders the workload only when the webhook runs in the cluster', () => {
          for (const object of objects) {
            for (const label of RECOMMENDED_LABELS) assert.ok(object.metadata.labels?.[label], `${object.kind} lacks ${label}`);
            assert.equal(object.metadata.labels['app.kubernetes.io/instance'], RELEASE);
          }
          for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'PodDisruptionBudget']) {
            assert.equal(ofKind(objects, kind).length, inCluster ? 1 : 0, kind);
          }
        });

        if (inCluster) {
          it('runs two non-root replicas with a read-only root, no capabilities and RuntimeDefault seccomp', () => {
            const deployment = only(objects, 'Deployment');
            assert.equal(deployment.metadata.namespace, NAMESPACE);
            assert.equal(deployment.spec.replicas, 2);
            assert.deepEqual(deployment.spec.strategy.rollingUpdate, { maxUnavailable: 0, maxSurge: 1 });
            const pod = deployment.spec.template.spec;
            assert.equal(pod.serviceAccountName, FULLNAME);
            assert.equal(pod.automountServiceAccountToken, true);
            assert.equal(pod.securityContext.runAsNonRoot, true);
            assert.ok(pod.securityContext.runAsUser > 0);
            assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
            assert.equal(pod.containers.length, 1);
            const container = pod.containers[0];
            assert.deepEqual(container.securityContext, {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            });
            assert.equal(container.image, `mdbkit:${(parseYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Obj).appVersion}`);
            for (const kind of ['requests', 'limits']) {
              assert.ok(container.resources[kind].cpu && container.resources[kind].memory, `resources.${kind}`);
            }
          });

          it('probes /healthz and /readyz over HTTPS on the port the Service targets, and exposes /metrics on its own port', () => {
            const container = only(objects, 'Deployment').spec.template.spec.containers[0];
            assert.deepEqual(container.ports, [
              { name: 'https', containerPort: 8443, protocol: 'TCP' },
              { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
            ]);
            assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'https', scheme: 'HTTPS' });
            assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'https', scheme: 'HTTPS' });
            assert.equal(container.startupProbe.httpGet.scheme, 'HTTPS');
            const service = only(objects, 'Service');
            assert.equal(service.metadata.name, FULLNAME);
            assert.deepEqual(service.spec.ports, [
              { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
              { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
            ]);
            assert.deepEqual(service.spec.selector, only(objects, 'Deployment').spec.selector.matchLabels);
          });

          it('tells mdbkit serve its settings through the MDBKIT_* variables and mounts the TLS Secret as a directory', () => {
            const pod = only(objects, 'Deployment').spec.template.spec;
            const env = Object.fromEntries((pod.containers[0].env as Obj[]).map((e) => [e.name, e.value]));
            assert.deepEqual(env, {
              MDBKIT_PORT: '8443',
              MDBKIT_METRICS_PORT: '9090',
              MDBKIT_TLS_CERT_FILE: '/etc/mdbkit/tls/tls.crt',
              MDBKIT_TLS_KEY_FILE: '/etc/mdbkit/tls/tls.key',
              MDBKIT_TLS_MIN_VERSION: '1.2',
              MDBKIT_SERVED_GROUPS: c.groups.join(','),
              MDBKIT_CLUSTER_DOMAIN: 'cluster.local',
              MDBKIT_LOG_LEVEL: 'info',
              // The operator version per group: each group's default unless the values choose.
              MDBKIT_OPERATOR_VERSIONS: 'enterprise.mariadb.com=25.10,k8s.mariadb.com=26.6',
              NODE_OPTIONS: '--max-old-space-size=128',
            });
            const mount = (pod.containers[0].volumeMounts as Obj[]).find((m) => m.name === 'tls')!;
            assert.deepEqual(mount, { name: 'tls', mountPath: '/etc/mdbkit/tls', readOnly: true });
            const secret = (pod.volumes as Obj[]).find((v) => v.name === 'tls')!.secret;
            assert.equal(secret.secretName, c.mode === 'existingSecret' ? 'mdbkit-webhook-serving-cert' : `${FULLNAME}-tls`);
          });

          it('keeps one pod through disruptions and spreads the pods over nodes and zones', () => {
            const pdb = only(objects, 'PodDisruptionBudget');
            assert.equal(pdb.spec.minAvailable, 1);
            const selector = only(objects, 'Deployment').spec.selector.matchLabels;
            assert.deepEqual(pdb.spec.selector.matchLabels, selector);
            const spread = only(objects, 'Deployment').spec.template.spec.topologySpreadConstraints as Obj[];
            assert.deepEqual(spread.map((s) => s.topologyKey), ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
            for (const s of spread) {
              assert.equal(s.maxSkew, 1);
              assert.deepEqual(s.labelSelector.matchLabels, selector);
            }
          });

          it('lets the webhook only get, list and watch exactly the served kinds', () => {
            const role = only(objects, 'ClusterRole');
            assert.deepEqual(
              role.rules,
              expectedResources(c.groups).map((g) => ({ apiGroups: [g.group], resources: g.plurals, verbs: ['get', 'list', 'watch'] })),
            );
            const binding = only(objects, 'ClusterRoleBinding');
            assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
            assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: FULLNAME, namespace: NAMESPACE }]);
            assert.equal(only(objects, 'ServiceAccount').metadata.name, FULLNAME);
          });
        }

        it('registers both webhooks: v1 reviews, no side effects, 5 s, Equivalent, CREATE and UPDATE of every kind and scale', () => {
          for (const { webhook, path, config } of webhooks(objects)) {
            const where = `${config.kind}`;
            assert.deepEqual(webhook.admissionReviewVersions, ['v1'], where);
            assert.equal(webhook.sideEffects, 'None', where);
            assert.equal(webhook.failurePolicy, c.failurePolicy, where);
            assert.equal(webhook.timeoutSeconds, 5, where);
            assert.equal(webhook.matchPolicy, 'Equivalent', where);
            assert.match(webhook.name, new RegExp(`^${path.slice(1)}\\.`));
            assert.deepEqual(
              webhook.rules,
              expectedResources(c.groups).map((g) => ({ apiGroups: [g.group], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: g.resources, scope: 'Namespaced' })),
              where,
            );
            assert.ok((webhook.rules as Obj[]).some((rule) => rule.resources.includes('maxscales/scale')));
            assert.deepEqual(webhook.namespaceSelector, {
              matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', NAMESPACE] }],
            });
          }
        });

        it(`points the webhooks at ${inCluster ? 'the Service' : 'the URL'} with the CA of the mode`, () => {
          for (const { webhook, path, config } of webhooks(objects)) {
            const client = webhook.clientConfig;
            if (inCluster) assert.deepEqual(client.service, { name: FULLNAME, namespace: NAMESPACE, path, port: 443 });
            else assert.equal(client.url, `https://mdbkit.example.com:8443${path}`);
            const annotation = config.metadata.annotations?.['cert-manager.io/inject-ca-from'];
            switch (c.mode) {
              case 'genCA':
                assert.equal(client.caBundle, only(objects, 'Secret').data['ca.crt']);
                assert.equal(annotation, undefined);
                break;
              case 'certManager':
                assert.equal(client.caBundle, undefined, 'cainjector fills it');
                assert.equal(annotation, `${NAMESPACE}/${FULLNAME}-tls`);
                break;
              default:
                assert.equal(client.caBundle, EXAMPLE_CA_BUNDLE);
                assert.equal(annotation, undefined);
            }
          }
        });

        it(`renders ${c.mode === 'genCA' ? 'the generated Secret only' : c.mode === 'certManager' ? 'cert-manager objects only' : 'neither a Secret nor a Certificate'}`, () => {
          assert.equal(ofKind(objects, 'Secret').length, c.mode === 'genCA' ? 1 : 0);
          assert.equal(objects.filter((o) => String(o.apiVersion).startsWith('cert-manager.io/')).length, c.mode === 'certManager' ? 4 : 0);
        });
      });
    }

    it('genCA: a CA and a serving certificate for both Service names, signed by that CA, with the matching key', () => {
      const objects = template([]);
      const secret = only(objects, 'Secret');
      assert.equal(secret.type, 'kubernetes.io/tls');
      assert.equal(secret.metadata.name, `${FULLNAME}-tls`);
      const pem = (key: string) => Buffer.from(secret.data[key], 'base64').toString('utf8');
      const ca = new X509Certificate(pem('ca.crt'));
      const cert = new X509Certificate(pem('tls.crt'));
      assert.equal(ca.ca, true);
      assert.equal(cert.ca, false);
      assert.deepEqual(cert.subjectAltName!.split(', ').filter((n) => n.startsWith('DNS:')).sort(), SERVICE_DNS.map((n) => `DNS:${n}`).sort());
      assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey), 'tls.crt is signed by ca.crt');
      assert.ok(cert.checkPrivateKey(createPrivateKey(pem('tls.key'))), 'tls.key is the key of tls.crt');
      for (const config of configurations(objects)) assert.equal(config.webhooks[0].clientConfig.caBundle, secret.data['ca.crt']);
    });

    it('genCA: an upgrade reuses the Secret lookup finds, and regenerates only when it lacks a key', () => {
      // helm template has no cluster, so lookup always finds nothing: a copy of the chart stands the Secret in.
      const LOOKUP = 'lookup "v1" "Secret" .Release.Namespace (include "mdbkit-webhook.tlsSecretName" .)';
      const withExisting = (data: Record<string, string>): Obj[] => {
        const copy = join(work, 'reuse', 'mdbkit-webhook');
        rmSync(join(work, 'reuse'), { recursive: true, force: true });
        cpSync(chartDir, copy, { recursive: true });
        const helpers = readFileSync(join(copy, 'templates', '_helpers.tpl'), 'utf8');
        assert.ok(helpers.includes(LOOKUP), 'the helper looks the Secret up');
        const found = `(dict "data" (dict ${Object.entries(data).map(([k, v]) => `"${k}" "${v}"`).join(' ')}))`;
        writeFileSync(join(copy, 'templates', '_helpers.tpl'), helpers.replace(LOOKUP, found));
        const run = helm(['template', RELEASE, copy, '--namespace', NAMESPACE]);
        assert.equal(run.status, 0, run.stderr);
        return parseAllDocuments(run.stdout).map((d) => d.toJS() as Obj).filter(Boolean);
      };
      const existing = { 'ca.crt': 'Y2EtcGVt', 'tls.crt': 'Y2VydC1wZW0=', 'tls.key': 'a2V5LXBlbQ==' };
      const objects = withExisting(existing);
      assert.deepEqual(only(objects, 'Secret').data, existing);
      for (const config of configurations(objects)) assert.equal(config.webhooks[0].clientConfig.caBundle, existing['ca.crt']);
      const partial = withExisting({ 'ca.crt': 'Y2EtcGVt', 'tls.crt': 'Y2VydC1wZW0=' });
      const regenerated = only(partial, 'Secret').data;
      assert.notEqual(regenerated['ca.crt'], existing['ca.crt']);
      assert.ok(new X509Certificate(Buffer.from(regenerated['tls.crt'], 'base64')).checkIssued(new X509Certificate(Buffer.from(regenerated['ca.crt'], 'base64'))));
    });

    it('genCA: the second name follows clusterDomain, and the Service names follow the release', () => {
      const objects = template(['--set', 'clusterDomain=corp.internal'], 'hooks');
      const cert = new X509Certificate(Buffer.from(only(objects, 'Secret').data['tls.crt'], 'base64'));
      assert.match(cert.subjectAltName!, /DNS:hooks-mdbkit-webhook\.mdbkit-system\.svc\.corp\.internal/);
      assert.match(cert.subjectAltName!, /DNS:hooks-mdbkit-webhook\.mdbkit-system\.svc(,|$)/);
      assert.equal(only(objects, 'Service').metadata.name, 'hooks-mdbkit-webhook');
    });

    it('certManager: a self-signed CA chain, and a serving Certificate for both Service names in the Secret the pods mount', () => {
      const objects = template(ci('cert-manager-values.yaml'));
      const issuers = ofKind(objects, 'Issuer');
      assert.deepEqual(issuers.map((i) => i.metadata.name).sort(), [`${FULLNAME}-ca`, `${FULLNAME}-selfsigned`]);
      const certificates = ofKind(objects, 'Certificate');
      const ca = certificates.find((x) => x.spec.isCA)!;
      assert.deepEqual(ca.spec.issuerRef, { name: `${FULLNAME}-selfsigned`, kind: 'Issuer', group: 'cert-manager.io' });
      assert.deepEqual(issuers.find((i) => i.spec.ca)!.spec.ca, { secretName: ca.spec.secretName });
      const serving = certificates.find((x) => !x.spec.isCA)!;
      assert.equal(serving.metadata.name, `${FULLNAME}-tls`);
      assert.equal(serving.spec.secretName, `${FULLNAME}-tls`);
      assert.deepEqual(serving.spec.dnsNames, SERVICE_DNS);
      assert.deepEqual(serving.spec.issuerRef, { name: `${FULLNAME}-ca`, kind: 'Issuer', group: 'cert-manager.io' });
      assert.equal(serving.spec.duration, '2160h');
    });

    it('certManager: a given issuer replaces the chart\'s CA chain', () => {
      const objects = template([...ci('cert-manager-values.yaml'), '--set', 'tls.certManager.issuerRef.name=corp-ca', '--set', 'tls.certManager.issuerRef.kind=ClusterIssuer']);
      assert.equal(ofKind(objects, 'Issuer').length, 0);
      const certificate = only(objects, 'Certificate');
      assert.deepEqual(certificate.spec.issuerRef, { name: 'corp-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
      for (const config of configurations(objects)) assert.equal(config.metadata.annotations['cert-manager.io/inject-ca-from'], `${NAMESPACE}/${certificate.metadata.name}`);
    });

    it('failurePolicy Ignore and another timeout reach both webhooks', () => {
      for (const { webhook } of webhooks(template(['--set', 'failurePolicy=Ignore', '--set', 'timeoutSeconds=10']))) {
        assert.equal(webhook.failurePolicy, 'Ignore');
        assert.equal(webhook.timeoutSeconds, 10);
      }
    });

    it('watchNamespaces narrows the webhooks and the informers; excludeNamespaces adds to the skipped ones', () => {
      const objects = template(['--set', 'watchNamespaces={shop,billing}', '--set', 'excludeNamespaces={sandbox,kube-system}']);
      for (const { webhook } of webhooks(objects)) {
        assert.deepEqual(webhook.namespaceSelector.matchExpressions, [
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', NAMESPACE, 'sandbox'] },
          { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'billing'] },
        ]);
      }
      const env = only(objects, 'Deployment').spec.template.spec.containers[0].env as Obj[];
      assert.deepEqual(env.find((e) => e.name === 'MDBKIT_WATCH_NAMESPACES'), { name: 'MDBKIT_WATCH_NAMESPACES', value: 'shop,billing' });
    });

    it('metrics.port moves /metrics: the container port, the Service port named metrics and MDBKIT_METRICS_PORT; the webhook port is refused', () => {
      const objects = template(['--set', 'metrics.port=9102']);
      const container = only(objects, 'Deployment').spec.template.spec.containers[0];
      assert.deepEqual((container.ports as Obj[]).find((p) => p.name === 'metrics'), { name: 'metrics', containerPort: 9102, protocol: 'TCP' });
      assert.deepEqual((container.env as Obj[]).find((e) => e.name === 'MDBKIT_METRICS_PORT'), { name: 'MDBKIT_METRICS_PORT', value: '9102' });
      assert.deepEqual((only(objects, 'Service').spec.ports as Obj[]).find((p) => p.name === 'metrics'), {
        name: 'metrics',
        port: 9102,
        targetPort: 'metrics',
        protocol: 'TCP',
      });
      for (const bad of ['8443', '80']) assert.match(rejected(['--set', `metrics.port=${bad}`]), /metrics\.port/, bad);
    });

    it('disabledRules reach the webhook as MDBKIT_DISABLE_RULES, and nothing is set when the list is empty', () => {
      const env = (args: string[]) => only(template(args), 'Deployment').spec.template.spec.containers[0].env as Obj[];
      assert.equal(env([]).find((e) => e.name === 'MDBKIT_DISABLE_RULES'), undefined);
      assert.deepEqual(env(['--set', 'disabledRules={maxscale/monitor-interval-short,galera/*}']).find((e) => e.name === 'MDBKIT_DISABLE_RULES'), {
        name: 'MDBKIT_DISABLE_RULES',
        value: 'maxscale/monitor-interval-short,galera/*',
      });
    });

    it('maxHeapMiB caps the heap of the node that runs the webhook: node takes the rendered NODE_OPTIONS and sizes its heap by it', () => {
      const env = only(template(['--set', 'maxHeapMiB=192']), 'Deployment').spec.template.spec.containers[0].env as Obj[];
      const nodeOptions = env.find((e) => e.name === 'NODE_OPTIONS')!.value as string;
      assert.equal(nodeOptions, '--max-old-space-size=192');
      const limit = (options: string | undefined) => {
        const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require("node:v8").getHeapStatistics().heap_size_limit))'], {
          env: { ...process.env, NODE_OPTIONS: options ?? '' },
          encoding: 'utf8',
        });
        assert.equal(run.status, 0, run.stderr);
        return Number(run.stdout) / 1024 / 1024;
      };
      // The limit is the old space plus the young generation (a few tens of MiB); without the option it follows the machine.
      const capped = limit(nodeOptions);
      assert.ok(capped >= 192 && capped < 192 + 64, `heap limit ${capped} MiB`);
      assert.ok(limit(undefined) > capped, 'node without the option has a larger heap limit');
    });

    it('one replica gets no PodDisruptionBudget (minAvailable 1 would block every drain)', () => {
      const objects = template(['--set', 'replicaCount=1']);
      assert.equal(only(objects, 'Deployment').spec.replicas, 1);
      assert.equal(ofKind(objects, 'PodDisruptionBudget').length, 0);
    });

    it('url mode: a trailing slash of the base URL is not doubled, and the CA bundle may be left to the system roots', () => {
      const objects = template(['--set', 'tls.mode=url', '--set', 'tls.url.baseURL=https://10.0.0.5:8443/hooks/']);
      assert.deepEqual(objects.map((o) => o.kind).sort(), ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
      for (const { webhook, path } of webhooks(objects)) assert.deepEqual(webhook.clientConfig, { url: `https://10.0.0.5:8443/hooks${path}` });
    });
  });

  describe('bad values', () => {
    it('an unknown TLS mode fails with its path', () => {
      assert.match(rejected(['--set', 'tls.mode=bogus']), /- tls\.mode: tls\.mode must be one of the following: "genCA", "certManager", "existingSecret", "url"/);
      const lint = helm(['lint', '--strict', chartDir, '--set', 'tls.mode=bogus']);
      assert.notEqual(lint.status, 0);
      assert.match(lint.stdout, /tls\.mode/);
    });

    it('existingSecret mode without the CA bundle, or without the Secret, fails with the path of the missing value', () => {
      assert.match(rejected(['--set', 'tls.mode=existingSecret', '--set', 'tls.existingSecret.name=cert']), /- tls\.existingSecret\.caBundle: String length must be greater than or equal to 1/);
      const noName = valuesFile('no-name.yaml', `tls:\n  mode: existingSecret\n  existingSecret:\n    caBundle: ${EXAMPLE_CA_BUNDLE}\n`);
      assert.match(rejected(['-f', noName]), /- tls\.existingSecret\.name: String length must be greater than or equal to 1/);
    });

    it('a CA bundle that is not base64 of a PEM certificate fails (raw PEM, say)', () => {
      const raw = valuesFile('raw-pem.yaml', `tls:\n  mode: existingSecret\n  existingSecret:\n    name: cert\n    caBundle: "-----BEGIN CERTIFICATE-----"\n`);
      assert.match(rejected(['-f', raw]), /- tls\.existingSecret\.caBundle: Does not match pattern/);
    });

    it('url mode needs an https URL', () => {
      assert.match(rejected(['--set', 'tls.mode=url']), /- tls\.url\.baseURL: String length must be greater than or equal to 1/);
      assert.match(rejected(['--set', 'tls.mode=url', '--set', 'tls.url.baseURL=http://hooks.example.com']), /- tls\.url\.baseURL: Does not match pattern/);
    });

    it('a misspelled key, an unknown group or a wrong type fails with its path', () => {
      assert.match(rejected(['--set', 'tls.genCa.validityDays=30']), /- tls: Additional property genCa is not allowed/);
      assert.match(rejected(['--set', 'servedGroups={mariadb.com}']), /- servedGroups\.0: servedGroups\.0 must be one of the following/);
      assert.match(rejected(['--set', 'failurePolicy=Warn']), /- failurePolicy: failurePolicy must be one of the following: "Fail", "Ignore"/);
      assert.match(rejected(['--set', 'replicaCount=two']), /- replicaCount: Invalid type\. Expected: integer, given: string/);
      assert.match(rejected(['--set', 'maxHeapMiB=32']), /- maxHeapMiB: Must be greater than or equal to 64/);
      assert.match(rejected(['--set', 'disabledRules={Monitor Interval}']), /- disabledRules\.0: Does not match pattern/);
      assert.match(rejected(['--set', 'resources.limits.memory=1GB']), /- resources\.limits\.memory: /);
    });
  });

  describe('servedGroups', () => {
    /** Every `--set 'servedGroups={…}'` a README shows, as its value. */
    const servedGroupsExamples = (text: string): string[] => [...text.matchAll(/--set '(servedGroups=\{[^}']*\})'/g)].map((m) => m[1]!);
    /** The "Installing the webhook with Helm" section of the project README. */
    const readmeSection = (): string => {
      const text = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
      const start = text.indexOf('### Installing the webhook with Helm');
      assert.ok(start >= 0, 'README.md has an "Installing the webhook with Helm" section');
      const end = text.indexOf('\n#', start + 4);
      return text.slice(start, end < 0 ? undefined : end);
    };
    const servedIn = (objects: Obj[]): string[][] => [
      (only(objects, 'ClusterRole').rules as Obj[]).map((r) => r.apiGroups[0]).sort(),
      ...webhooks(objects).map(({ webhook }) => (webhook.rules as Obj[]).map((r) => r.apiGroups[0]).sort()),
    ];

    it('by default are the groups mdbkit serve serves without MDBKIT_SERVED_GROUPS: both MariaDB operators\'', () => {
      const values = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Obj;
      assert.deepEqual(values.servedGroups, [...DEFAULT_SERVED_GROUPS].sort());
      assert.deepEqual(values.servedGroups, [ENTERPRISE, COMMUNITY]);
    });

    it("the READMEs' example for KubeDB and the Galera operator renders RBAC and webhook rules for exactly its groups", () => {
      const examples = [...servedGroupsExamples(readmeSection()), ...servedGroupsExamples(readFileSync(join(chartDir, 'README.md'), 'utf8'))];
      assert.equal(examples.length, 2, `one example in each README, found ${JSON.stringify(examples)}`);
      assert.equal(examples[0], examples[1], 'both READMEs show the same groups');
      const groups = examples[0]!.slice('servedGroups={'.length, -1).split(',');
      for (const group of ['kubedb.com', 'apps.k8s.appscode.com', 'controller.kubeslice.io', 'sql.databases', ENTERPRISE, COMMUNITY]) {
        assert.ok(groups.includes(group), `the example serves ${group}`);
      }
      const objects = template(['--set', examples[0]!]);
      for (const served of servedIn(objects)) assert.deepEqual(served, [...groups].sort());
      const env = (only(objects, 'Deployment').spec.template.spec.containers[0].env as Obj[]).find((e) => e.name === 'MDBKIT_SERVED_GROUPS');
      assert.deepEqual(env?.value.split(',').sort(), [...groups].sort());
    });
  });

});

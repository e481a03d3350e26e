// charts/mariadb-cluster as users meet it: the emitter's files written to a temporary folder and run
// through the real helm 3.10 (lint --strict, template), offline and with timeouts. Every MariaDB, MaxScale
// and Connection it renders must pass mdbkit's own lint; bad values must fail with their path.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { lintManifests } from '../../cli/lint-run.js';
import { parseManifests } from '../../cli/read-manifests.js';
import { CLUSTER_CHART, emitClusterChart } from '../../generator/charts/cluster-chart.js';
import { clusterValuesSchema, mergeDefinitions } from '../../generator/charts/cluster-values-schema.js';
import { helmSchemaProblems, keepDraft07Keywords, re2Problem } from '../../generator/charts/helm-safe-schema.js';
import type { JSONSchema } from '../../kinds/json-schema.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { GENERATED_HEADER, type OutputFile } from '../../generator/output-file.js';
import { writeFiles } from '../../generator/write-files.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { only, ofKind, RECOMMENDED_LABELS, type Obj } from '../support/chart-objects.js';
import { helm } from '../support/helm.js';

const RELEASE = 'db';
const NAMESPACE = 'shop';
const FULLNAME = 'db-mariadb-cluster';
const CI_FILES = ['galera-values.yaml', 'replication-values.yaml', 'maxscale-ha-values.yaml'];

let work: string;
let chartDir: string;
let files: OutputFile[];

function valuesFile(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

function ciArgs(ci: string | undefined): string[] {
  return ci ? ['-f', join(chartDir, 'ci', ci)] : [];
}

function template(args: string[]): { text: string; objects: Obj[] } {
  const run = helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, ...args]);
  assert.equal(run.status, 0, `helm template ${args.join(' ')} failed:\n${run.stderr}`);
  const objects = parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
  return { text: run.stdout, objects };
}


/** Every literal password a manifest could hold: a password-named field, an env value, a -p/--password argument. */
function literalPasswords(value: unknown, path = ''): string[] {
  const found: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => found.push(...literalPasswords(item, `${path}[${i}]`)));
    return found;
  }
  if (typeof value === 'string') {
    if (/(^|\s)(--password=|-p\S)/.test(value)) found.push(`${path}: ${value}`);
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  const object = value as Obj;
  if (typeof object.name === 'string' && /pass|pwd|secret/i.test(object.name) && object.value !== undefined) {
    found.push(`${path}: env ${object.name} has a literal value`);
  }
  for (const [key, child] of Object.entries(object)) {
    if (/pass(word)?$|passwd|pwd$/i.test(key) && typeof child === 'string') found.push(`${path}.${key}: a literal`);
    found.push(...literalPasswords(child, `${path}.${key}`));
  }
  return found;
}

async function lintErrors(text: string): Promise<{ errors: string[]; checked: number }> {
  const result = await lintManifests([parseManifests('rendered.yaml', text)], createPolicyEngine());
  const errors = result.findings.filter((f) => f.severity === 'error').map((f) => `${f.kind} ${f.name}: ${f.path}: ${f.message} [${f.rule}]`);
  return { errors, checked: result.documents.filter((d) => d.status === 'checked').length };
}

/** NOTES.txt is not printed by `helm template`; render it through tpl in a copy of the chart. */
function renderNotes(args: string[]): string {
  const copy = join(work, 'notes-preview', 'mariadb-cluster');
  rmSync(join(work, 'notes-preview'), { recursive: true, force: true });
  cpSync(chartDir, copy, { recursive: true });
  mkdirSync(join(copy, 'files'));
  cpSync(join(copy, 'templates', 'NOTES.txt'), join(copy, 'files', 'notes.txt'));
  writeFileSync(
    join(copy, 'templates', 'notes-preview.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: |\n{{ tpl (.Files.Get "files/notes.txt") . | indent 4 }}\n',
  );
  const run = helm(['template', RELEASE, copy, '--namespace', NAMESPACE, '--show-only', 'templates/notes-preview.yaml', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return (parseYaml(run.stdout) as Obj).data.notes as string;
}

describe('charts/mariadb-cluster', function () {
  this.timeout(300_000);

  before(() => {
    files = emitClusterChart(loadSchemas());
    work = mkdtempSync(join(tmpdir(), 'mdbkit-cluster-chart-'));
    writeFiles(work, files);
    chartDir = join(work, CLUSTER_CHART);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the generated files', () => {
    it('are every file of the chart, each starting with the generated header', () => {
      const paths = files.map((f) => f.path.slice(CLUSTER_CHART.length + 1));
      assert.deepEqual(paths, [
        '.helmignore',
        'Chart.yaml',
        'README.md',
        'ci/galera-values.yaml',
        'ci/maxscale-ha-values.yaml',
        'ci/replication-values.yaml',
        'templates/NOTES.txt',
        'templates/_helpers.tpl',
        'templates/connections.yaml',
        'templates/mariadb.yaml',
        'templates/maxscale.yaml',
        'templates/tests/test-connection.yaml',
        'values.schema.json',
        'values.yaml',
      ]);
      for (const file of files) {
        const first = file.path.endsWith('.json') ? file.contents.split('\n')[1]! : file.contents.split('\n')[0]!;
        assert.ok(first.includes(GENERATED_HEADER), `${file.path} starts with ${JSON.stringify(first)}`);
      }
      const chart = parseYaml(files.find((f) => f.path.endsWith('Chart.yaml'))!.contents) as Obj;
      assert.equal(chart.apiVersion, 'v2');
      assert.match(chart.version, /^\d+\.\d+\.\d+/);
      // The operator picks the MariaDB image unless the values do: the chart claims no version it cannot know.
      assert.equal(chart.appVersion, undefined);
    });

    it('are the same bytes on every run', () => {
      const again = emitClusterChart(loadSchemas());
      assert.deepEqual(again, files);
      for (const file of again) assert.equal(readFileSync(join(work, file.path), 'utf8'), file.contents, file.path);
    });

    it('document every chart key and spec field in the README values table, from the schema descriptions', () => {
      const readme = files.find((f) => f.path.endsWith('README.md'))!.contents;
      for (const row of [
        '| `apiGroup` | string | `"enterprise.mariadb.com"` |',
        '| `maxscale.enabled` | boolean | `false` |',
        // The spec fields' descriptions are the operator's own (its CRDs are imported).
        '| `mariadb.spec.replicas` | integer | `3` | Replicas indicates the number of desired instances.',
        '| `mariadb.spec.galera.sst` | string |  | SST is the Snapshot State Transfer used when new Pods join the cluster.',
        '| `maxscale.spec.monitor.cooperativeMonitoring` |',
        '| `connections[].spec.username` | string |  | Required. Username to use for configuring the Connection. |',
        '| `tests.image` | string | `"docker.io/library/mariadb:11.4"` |',
      ]) {
        assert.ok(readme.includes(row), `README lacks ${row}`);
      }
      assert.ok(!readme.includes('| `mariadb.spec.maxScaleRef`'), 'the chart wires maxScaleRef: not a value');
      assert.ok(!readme.includes('| `mariadb.spec.galera.primary.podIndex`'), 'three levels down is not listed');
      for (const ci of CI_FILES) assert.ok(readme.includes(`ci/${ci}`), ci);
    });
  });

  describe('values.schema.json', () => {
    let schema: JSONSchema;
    before(() => {
      schema = JSON.parse(files.find((f) => f.path.endsWith('values.schema.json'))!.contents) as JSONSchema;
    });

    it('is a draft-07 schema that accepts values.yaml and every ci file (ajv agreeing with helm)', () => {
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
      assert.ok(ajv.validateSchema(schema), ajv.errorsText(ajv.errors));
      const validate = ajv.compile(schema);
      const defaults = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Obj;
      assert.ok(validate(defaults), ajv.errorsText(validate.errors));
      for (const ci of CI_FILES) {
        const merged = { ...defaults, ...(parseYaml(readFileSync(join(chartDir, 'ci', ci), 'utf8')) as Obj) };
        if (merged.mariadb?.spec?.galera === null) delete merged.mariadb.spec.galera; // Helm's null deletes the default
        assert.ok(validate(merged), `${ci}: ${ajv.errorsText(validate.errors)}`);
      }
    });

    it('keeps the specs closed, without the references the chart wires and without extension keywords', () => {
      const props = schema.properties!;
      const mariadbSpec = props.mariadb!.properties!.spec!;
      const maxscaleSpec = props.maxscale!.properties!.spec!;
      const connectionSpec = (props.connections!.items as JSONSchema).properties!.spec!;
      for (const spec of [mariadbSpec, maxscaleSpec, connectionSpec]) assert.equal(spec.additionalProperties, false);
      assert.equal(schema.additionalProperties, false);
      assert.ok(!('maxScaleRef' in mariadbSpec.properties!) && !('maxScale' in mariadbSpec.properties!));
      assert.ok(!('mariaDbRef' in maxscaleSpec.properties!));
      assert.ok(!('mariaDbRef' in connectionSpec.properties!) && !('maxScaleRef' in connectionSpec.properties!));
      assert.deepEqual(connectionSpec.required, ['username']);
      assert.ok(!('EmbeddedMaxScale' in schema.definitions!), 'definitions only the removed fields used are pruned');
      const text = JSON.stringify(schema);
      assert.ok(!/"x-[a-z-]+":/.test(text) && !text.includes('"nullable":'), 'extension keywords are dropped');
      assert.deepEqual(helmSchemaProblems(schema), []);
    });

    it('is what the emitter returns, computed once from the schemas', () => {
      assert.deepEqual(clusterValuesSchema(loadSchemas()), schema);
    });
  });

  describe('helm-safety checks', () => {
    it('find the regexp constructs Go (RE2) lacks, and pass the ones it has', () => {
      for (const [pattern, why] of [
        ['^(?!admin$)[a-z]+$', /lookahead/],
        ['^(?<=x)y$', /lookbehind/],
        ['^(?<user>[a-z]+)$', /named group/],
        ['^(a)\\1$', /backreference/],
        ['^\\u00e9$', /\\u escape/],
        ['^[^]$', /empty character class/],
      ] as const) {
        assert.match(re2Problem(pattern) ?? 'accepted', why, pattern);
      }
      for (const pattern of ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$', '^[^\\s]+$', '^(?:a|b)$', '^(?P<n>x)$', '^[\\(\\)]$']) {
        assert.equal(re2Problem(pattern), undefined, pattern);
      }
    });

    it('flag what gojsonschema refuses: duplicates in required and enum, remote or dangling $ref', () => {
      const problems = helmSchemaProblems({
        type: 'object',
        required: ['a', 'a'],
        properties: { a: { enum: ['x', 'x'] }, b: { $ref: 'other.json#/definitions/B' }, c: { $ref: '#/definitions/Missing' } },
        definitions: {},
      });
      assert.equal(problems.length, 4, problems.join('\n'));
      assert.deepEqual(keepDraft07Keywords({ type: 'string', nullable: true, 'x-kubernetes-int-or-string': true }), { type: 'string' });
    });

    it('are not hypothetical: a lookahead in values.schema.json breaks every helm command of the chart', () => {
      const copy = join(work, 'broken', 'mariadb-cluster');
      cpSync(chartDir, copy, { recursive: true });
      const schema = JSON.parse(readFileSync(join(copy, 'values.schema.json'), 'utf8')) as Obj;
      schema.properties.nameOverride.pattern = '^(?!admin$)[a-z]*$';
      writeFileSync(join(copy, 'values.schema.json'), JSON.stringify(schema));
      const run = helm(['template', RELEASE, copy]);
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /pattern must be a valid regex/);
      assert.match(helmSchemaProblems(schema).join('\n'), /#\/properties\/nameOverride: pattern .* lookahead/);
    });

    it('refuse two kinds that bundle different schemas under one definition name', () => {
      assert.throws(
        () => mergeDefinitions([
          { kind: 'MariaDB', definitions: { Port: { type: 'integer', maximum: 65535 } } },
          { kind: 'MaxScale', definitions: { Port: { maximum: 65535, type: 'integer' } } },
          { kind: 'Connection', definitions: { Port: { type: 'string' } } },
        ]),
        /definition Port of Connection differs from the one of MariaDB/,
      );
    });
  });

  describe('helm lint --strict', () => {
    for (const ci of [undefined, ...CI_FILES]) {
      it(`passes with ${ci ? `ci/${ci}` : 'the default values'}`, () => {
        const run = helm(['lint', '--strict', chartDir, ...ciArgs(ci)]);
        assert.equal(run.status, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
        assert.doesNotMatch(run.stdout, /\[(WARNING|ERROR)\]/);
      });
    }
  });

  describe('helm template', () => {
    const cases: Array<{ name: string; args: () => string[]; maxscale: boolean; connections: number; user?: string }> = [
      { name: 'the default values', args: () => [], maxscale: false, connections: 0 },
      { name: 'ci/galera-values.yaml', args: () => ciArgs('galera-values.yaml'), maxscale: false, connections: 1, user: 'app' },
      { name: 'ci/replication-values.yaml', args: () => ciArgs('replication-values.yaml'), maxscale: false, connections: 0 },
      { name: 'ci/maxscale-ha-values.yaml', args: () => ciArgs('maxscale-ha-values.yaml'), maxscale: true, connections: 1, user: 'app' },
      { name: 'a bare MaxScale in the community group', args: () => ['--set', 'maxscale.enabled=true', '--set', 'apiGroup=k8s.mariadb.com'], maxscale: true, connections: 0 },
    ];

    for (const c of cases) {
      describe(`with ${c.name}`, () => {
        let rendered: { text: string; objects: Obj[] };
        before(() => {
          rendered = template(c.args());
        });

        it('renders the MariaDB, the MaxScale when enabled, the Connections and the test Pod, labelled', () => {
          const { objects } = rendered;
          assert.equal(ofKind(objects, 'MariaDB').length, 1);
          assert.equal(ofKind(objects, 'MaxScale').length, c.maxscale ? 1 : 0);
          assert.equal(ofKind(objects, 'Connection').length, c.connections);
          assert.equal(objects.length, 2 + (c.maxscale ? 1 : 0) + c.connections);
          // The version label is the MariaDB's, known only when the values name its image (else the operator picks it).
          const image = only(objects, 'MariaDB').spec.image as string | undefined;
          for (const object of objects) {
            for (const label of RECOMMENDED_LABELS.filter((l) => l !== 'app.kubernetes.io/version')) assert.ok(object.metadata.labels?.[label], `${object.kind} lacks ${label}`);
            assert.equal('app.kubernetes.io/version' in object.metadata.labels, image !== undefined, `${object.kind}: a version label only with mariadb.spec.image`);
            assert.equal(object.metadata.labels['app.kubernetes.io/instance'], RELEASE);
            assert.equal(object.metadata.labels['app.kubernetes.io/managed-by'], 'Helm');
          }
        });

        it('passes mdbkit lint without an error for every MariaDB, MaxScale and Connection', async () => {
          const { errors, checked } = await lintErrors(rendered.text);
          assert.deepEqual(errors, []);
          assert.equal(checked, 1 + (c.maxscale ? 1 : 0) + c.connections);
        });

        it('wires MaxScale and MariaDB to each other, and the Connections to the MaxScale or the MariaDB', () => {
          const { objects } = rendered;
          const mariadb = only(objects, 'MariaDB');
          assert.equal(mariadb.metadata.name, FULLNAME);
          if (c.maxscale) {
            const maxscale = only(objects, 'MaxScale');
            assert.deepEqual(maxscale.spec.mariaDbRef, { name: mariadb.metadata.name });
            assert.deepEqual(mariadb.spec.maxScaleRef, { name: maxscale.metadata.name });
            assert.equal(maxscale.metadata.name, `${FULLNAME}-maxscale`);
            assert.equal(maxscale.apiVersion, mariadb.apiVersion);
          } else {
            assert.equal(mariadb.spec.maxScaleRef, undefined);
          }
          for (const connection of ofKind(objects, 'Connection')) {
            assert.equal(connection.apiVersion, mariadb.apiVersion);
            if (c.maxscale) assert.deepEqual([connection.spec.maxScaleRef, connection.spec.mariaDbRef], [{ name: `${FULLNAME}-maxscale` }, undefined]);
            else assert.deepEqual([connection.spec.mariaDbRef, connection.spec.maxScaleRef], [{ name: FULLNAME }, undefined]);
          }
        });

        it('holds no literal password anywhere', () => {
          for (const object of rendered.objects) assert.deepEqual(literalPasswords(object), [], `${object.kind} ${object.metadata.name}`);
        });

        it('has a test hook that runs SELECT 1 as non-root, with the password from the root Secret', () => {
          const pod = only(rendered.objects, 'Pod');
          assert.equal(pod.metadata.annotations['helm.sh/hook'], 'test');
          assert.equal(pod.spec.securityContext.runAsNonRoot, true);
          assert.ok(pod.spec.securityContext.runAsUser > 0);
          const [direct, proxied, ...rest] = pod.spec.containers as Obj[];
          assert.deepEqual(rest, []);
          assert.deepEqual(direct!.command.slice(0, 4), ['mariadb', `--host=${FULLNAME}`, '--port=3306', '--user=root']);
          assert.ok(direct!.command.includes('--execute=SELECT 1'));
          assert.deepEqual(direct!.env, [{ name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: `${FULLNAME}-root`, key: 'password' } } }]);
          const mariadb = only(rendered.objects, 'MariaDB');
          assert.deepEqual(mariadb.spec.rootPasswordSecretKeyRef, { name: `${FULLNAME}-root`, key: 'password', generate: true });
          for (const container of pod.spec.containers as Obj[]) {
            assert.match(container.image, /mariadb:11\.4/);
            assert.equal(container.securityContext.allowPrivilegeEscalation, false);
            assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
          }
          if (c.maxscale && c.user) {
            assert.ok(proxied, 'a second container checks the way through MaxScale');
            assert.deepEqual(proxied.command.slice(0, 4), ['mariadb', `--host=${FULLNAME}-maxscale`, '--port=3306', `--user=${c.user}`]);
            assert.deepEqual(proxied.env, [{ name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: 'app-password', key: 'password' } } }]);
            assert.deepEqual(mariadb.spec.passwordSecretKeyRef, { name: 'app-password', key: 'password', generate: true });
          } else {
            assert.equal(proxied, undefined);
          }
        });
      });
    }

    it('takes the root password Secret the values name, and names it nowhere else', () => {
      const { objects } = template(['--set', 'mariadb.spec.rootPasswordSecretKeyRef.name=ops-root', '--set', 'mariadb.spec.rootPasswordSecretKeyRef.key=pw']);
      assert.deepEqual(only(objects, 'MariaDB').spec.rootPasswordSecretKeyRef, { name: 'ops-root', key: 'pw' });
      assert.deepEqual(only(objects, 'Pod').spec.containers[0].env[0].valueFrom.secretKeyRef, { name: 'ops-root', key: 'pw' });
      assert.match(renderNotes(['--set', 'mariadb.spec.rootPasswordSecretKeyRef.name=ops-root', '--set', 'mariadb.spec.rootPasswordSecretKeyRef.key=pw']), /Secret ops-root, key pw/);
    });

    it('uses the MariaDB port and the first MaxScale listener port', () => {
      const valuesPath = valuesFile('ports.yaml', 'mariadb:\n  spec:\n    port: 3307\nmaxscale:\n  enabled: true\n  spec:\n    services:\n      - name: rw\n        router: readwritesplit\n        listener:\n          port: 4006\n');
      const { objects, text } = template(['-f', valuesPath, '--set', 'mariadb.spec.username=app']);
      const containers = only(objects, 'Pod').spec.containers as Obj[];
      assert.ok(containers[0]!.command.includes('--port=3307'));
      assert.ok(containers[1]!.command.includes('--port=4006'));
      return lintErrors(text).then(({ errors }) => assert.deepEqual(errors, []));
    });
  });

  describe('NOTES.txt', () => {
    it('says where to connect without MaxScale: the MariaDB Service, its port, the root Secret and a client command', () => {
      const notes = renderNotes([]);
      assert.match(notes, new RegExp(`MariaDB Service: ${FULLNAME}\\.${NAMESPACE}\\.svc, port 3306`));
      assert.match(notes, new RegExp(`root password is in Secret ${FULLNAME}-root, key password`));
      assert.match(notes, new RegExp(`kubectl run ${FULLNAME}-client .*--namespace ${NAMESPACE} .* mariadb .*-h ${FULLNAME} -P 3306 -u root -p\\n`));
      assert.match(notes, new RegExp(`helm test ${RELEASE} --namespace ${NAMESPACE}`));
    });

    it('sends applications through MaxScale when it is enabled, on its first listener port', () => {
      const notes = renderNotes(ciArgs('maxscale-ha-values.yaml'));
      assert.match(notes, new RegExp(`through MaxScale: Service ${FULLNAME}-maxscale\\.${NAMESPACE}\\.svc, port 3306`));
      assert.match(notes, /mariadb .*-h db-mariadb-cluster-maxscale -P 3306 -u app -p\n/);
      assert.match(notes, /Secret app-password, key password/);
      assert.match(notes, new RegExp(`${FULLNAME}-app: Secret ${FULLNAME}-app`));
    });
  });

  it('the literal-password check itself finds literals', () => {
    const pod = { spec: { containers: [{ env: [{ name: 'MARIADB_PASSWORD', value: 'hunter2' }], command: ['mariadb', '-phunter2'], args: ['--password=hunter2'] }] } };
    assert.equal(literalPasswords(pod).length, 3);
    assert.deepEqual(literalPasswords({ spec: { rootPassword: 'x' } }), ['.spec.rootPassword: a literal']);
  });

  describe('bad values', () => {
    const rejected = (args: string[]): string => {
      const run = helm(['template', RELEASE, chartDir, ...args]);
      assert.notEqual(run.status, 0, 'helm accepted the values');
      return run.stderr;
    };

    it('a wrong type fails with the path of the value (--set mariadb.spec.replicas=two)', () => {
      assert.match(rejected(['--set', 'mariadb.spec.replicas=two']), /- mariadb\.spec\.replicas: Invalid type\. Expected: integer, given: string/);
    });

    it('a value outside an enum fails with its path (galera.sst: xtrabackup)', () => {
      const path = valuesFile('sst.yaml', 'mariadb:\n  spec:\n    galera:\n      sst: xtrabackup\n');
      assert.match(rejected(['-f', path]), /- mariadb\.spec\.galera\.sst: .*must be one of the following: "rsync", "mariabackup", "mysqldump"/);
      const lint = helm(['lint', '--strict', chartDir, '-f', path]);
      assert.notEqual(lint.status, 0);
      assert.match(lint.stdout, /mariadb\.spec\.galera\.sst/);
    });

    it('a misspelled key fails, naming the object and the key', () => {
      assert.match(rejected(['--set', 'mariadb.spec.replica=3']), /- mariadb\.spec: Additional property replica is not allowed/);
      assert.match(rejected(['--set', 'maxscale.enable=true']), /- maxscale: Additional property enable is not allowed/);
      assert.match(rejected(['--set', 'mariadbb.spec.replicas=3']), /Additional property mariadbb is not allowed/);
    });

    it('a pattern mismatch fails (a quantity written 1GB)', () => {
      assert.match(rejected(['--set', 'mariadb.spec.storage.size=1GB']), /- mariadb\.spec\.storage\.size: Does not match pattern/);
    });

    it('the references the chart wires cannot be set', () => {
      assert.match(rejected(['--set', 'maxscale.spec.mariaDbRef.name=other']), /- maxscale\.spec: Additional property mariaDbRef is not allowed/);
      assert.match(rejected(['--set', 'mariadb.spec.maxScaleRef.name=other']), /- mariadb\.spec: Additional property maxScaleRef is not allowed/);
    });

    it('connections need a DNS-label name, a username, and names used once', () => {
      const bad = valuesFile('connections.yaml', 'connections:\n  - name: app\n    spec: {database: app}\n  - name: App_2\n    spec: {username: u}\n');
      const stderr = rejected(['-f', bad]);
      assert.match(stderr, /- connections\.0\.spec: username is required/);
      assert.match(stderr, /- connections\.1\.name: Does not match pattern/);
      const twice = valuesFile('twice.yaml', 'connections:\n  - name: app\n    spec: {username: u}\n  - name: app\n    spec: {username: u}\n');
      assert.match(rejected(['-f', twice]), /connections: the name "app" is used twice/);
    });

    it('a fullnameOverride too long for the names the operators derive from it fails', () => {
      assert.match(rejected(['--set', `fullnameOverride=${'a'.repeat(41)}`]), /- fullnameOverride: String length must be less than or equal to 40/);
    });
  });
});

// The operator's own examples of Database, User, Grant, SqlJob, ExternalMariaDB and Connection, at each imported
// release, judged as the webhook would at that operator version: each folder's documents are the cluster its
// lookups see. None may raise an error (schema or rule) once defaulted; the defaults fill what the operator
// would, stay valid against the schema, and defaulting twice equals defaulting once. Also: the Go template check
// and the operator's cron dialect on what the operator's users write.
import { contextFor } from '../../cli/lint-run.js';
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { ListClusterReader, OFFLINE_READER, type ClusterReader } from '../../policies/cluster-reader.js';
import { templateProblems } from '../../policies/connection/go-template.js';
import { TEMPLATE_VALUES } from '../../policies/connection/connection-template-rules.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { operatorCronProblem } from '../../policies/operator-cron.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'mariadb-operator');
const TAGS: Array<[string, string]> = [
  ['v25.10.2', '25.10'],
  ['v26.6.0', '26.6'],
];
const KINDS = new Set(['Database', 'User', 'Grant', 'SqlJob', 'ExternalMariaDB', 'Connection']);

/** Every YAML file under `dir`, by folder. */
function foldersUnder(dir: string, out = new Map<string, string[]>()): Map<string, string[]> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) foldersUnder(path, out);
    else if (/\.ya?ml$/.test(entry)) out.set(dir, [...(out.get(dir) ?? []), path]);
  }
  return out;
}

function documents(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

/** The context the linter judges a document in (cli/lint-run.ts), as an UPDATE of `oldObject` when given. */
function ctx(object: KubeObject, reader: ClusterReader, operation: PolicyContext['operation'] = 'CREATE', oldObject?: KubeObject): PolicyContext {
  return { ...contextFor(object, reader), operation, oldObject };
}

describe('the operator examples of the SQL kinds and Connection', () => {
  for (const [tag, version] of TAGS) {
    const engine = createPolicyEngine().withOperatorVersions([version]);
    for (const base of ['examples/manifests', 'config/samples']) {
      for (const [folder, files] of foldersUnder(join(FIXTURES, tag, base))) {
        const cluster = files.flatMap(documents);
        for (const file of files) {
          documents(file).forEach((object, index) => {
            if (!KINDS.has(object.kind!)) return;
            const label = `${tag} ${relative(join(FIXTURES, tag), file)}#${index} (${object.kind} ${object.metadata?.name})`;
            it(`${label}: no error, defaults valid and idempotent`, async () => {
              for (const reader of [new ListClusterReader(cluster), OFFLINE_READER]) {
                const once = await engine.default(object, ctx(object, reader));
                assert.ok(once, `${label} is not judged`);
                const judgement = await engine.validate(once.object, ctx(object, reader), { defaultWarnings: once.warnings });
                const errors = judgement!.findings.filter((f) => f.severity === 'error');
                assert.deepEqual(errors, [], `${label} in ${relative(FIXTURES, folder)}`);
                const twice = await engine.default(once.object, ctx(object, reader));
                assert.deepEqual(twice!.object, once.object, `${label}: defaulting twice differs`);
                // Stored as defaulted, then applied again unchanged: no immutable field moves.
                const update = await engine.validate(once.object, ctx(object, reader, 'UPDATE', once.object));
                assert.deepEqual(
                  update!.findings.filter((f) => f.severity === 'error'),
                  [],
                );
              }
            });
          });
        }
      }
    }
  }

  it('defaults as the operator does: a Grant on *.* without GRANT OPTION, a SqlJob with 5 retries as its own ServiceAccount', async () => {
    const engine = createPolicyEngine();
    const grant: KubeObject = {
      apiVersion: 'k8s.mariadb.com/v1alpha1',
      kind: 'Grant',
      metadata: { name: 'g' },
      spec: { mariaDbRef: { name: 'm' }, privileges: ['SELECT'], username: 'u' },
    };
    const g = await engine.default(grant, ctx(grant, OFFLINE_READER));
    assert.deepEqual(g!.object.spec, { ...grant.spec, database: '*', table: '*', grantOption: false, cleanupPolicy: 'Delete' });
    const job: KubeObject = {
      apiVersion: 'k8s.mariadb.com/v1alpha1',
      kind: 'SqlJob',
      metadata: { name: 'j' },
      spec: {
        mariaDbRef: { name: 'm' },
        username: 'u',
        passwordSecretKeyRef: { name: 'u', key: 'p' },
        sql: 'SELECT 1;',
        affinity: { antiAffinityEnabled: true },
      },
    };
    const j = await engine.default(job, ctx(job, OFFLINE_READER));
    const spec = j!.object.spec as Record<string, any>;
    assert.equal(spec.backoffLimit, 5);
    assert.equal(spec.restartPolicy, 'OnFailure');
    assert.equal(spec.serviceAccountName, 'j');
    assert.equal(spec.sqlConfigMapKeyRef, undefined, 'the operator creates the ConfigMap only while sqlConfigMapKeyRef is unset');
    assert.deepEqual(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values, ['m']);
    assert.deepEqual(await new SchemaValidator().validate(j!.object), []);
    assert.deepEqual(await new SchemaValidator().validate(g!.object), []);
  });

  it('takes a Connection to an ExternalMariaDB to its host and port, and one to a HA MariaDB (26.6) to the primary Service', async () => {
    const engine = createPolicyEngine().withOperatorVersions(['26.6']);
    const api = 'k8s.mariadb.com/v1alpha1';
    const cluster = new ListClusterReader([
      { apiVersion: api, kind: 'ExternalMariaDB', metadata: { name: 'ext' }, spec: { host: 'db.example.com', port: 3307, username: 'root' } },
      { apiVersion: api, kind: 'MariaDB', metadata: { name: 'ha' }, spec: { replicas: 3, galera: { enabled: true } } },
    ]);
    const conn = (ref: Record<string, unknown>): KubeObject => ({
      apiVersion: api,
      kind: 'Connection',
      metadata: { name: 'c' },
      spec: { mariaDbRef: ref, username: 'u', passwordSecretKeyRef: { name: 'u', key: 'p' } },
    });
    const ext = await engine.default(conn({ name: 'ext', kind: 'ExternalMariaDB' }), ctx(conn({}), cluster));
    assert.equal(ext!.object.spec?.host, 'db.example.com');
    assert.equal(ext!.object.spec?.port, 3307);
    const ha = await engine.default(conn({ name: 'ha' }), ctx(conn({}), cluster));
    assert.equal(ha!.object.spec?.host, 'ha-primary.default.svc.cluster.local');
    const offline = await engine.default(conn({ name: 'ha' }), ctx(conn({}), OFFLINE_READER));
    assert.equal(offline!.object.spec?.host, undefined, 'the host of a MariaDB that may be highly available is not guessed');
    assert.equal(offline!.warnings[0]?.rule, 'connection/reference-unresolved');
  });

  it('names the value meant and where, for a format with a misspelt value', async () => {
    const engine = createPolicyEngine();
    const conn: KubeObject = {
      apiVersion: 'k8s.mariadb.com/v1alpha1',
      kind: 'Connection',
      metadata: { name: 'c' },
      spec: { mariaDbRef: { name: 'm' }, username: 'u', passwordSecretKeyRef: { name: 'u', key: 'p' }, secretTemplate: { format: '{{ .User }}@{{ .Hots }}' } },
    };
    const judgement = await engine.validate(conn, ctx(conn, OFFLINE_READER));
    const messages = judgement!.findings.filter((f) => f.rule === 'connection/secret-template-unknown-value').map((f) => f.message);
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /line 1, column 4.*\.User .*did you mean \.Username\?/);
    assert.match(messages[1]!, /column 16.*did you mean \.Host\?/);
  });

  it("reads Go templates as Go's parser does, with the place of the first problem", () => {
    const check = (text: string) => templateProblems(text, { fields: TEMPLATE_VALUES });
    for (const fine of [
      'mysql://{{ .Username }}:{{ .Password }}@{{ .Host }}:{{ .Port }}/{{ .Database }}{{ .Params }}',
      '{{- .Host -}}:{{ .Port }}',
      '{{/* a comment */}}{{ if .Database }}/{{ .Database }}{{ else }}/{{ end }}',
      '{{ $h := .Host }}{{ with .Params }}{{ . }}{{ end }}{{ $h }}',
      '{{ printf "%s:%s" .Host .Port | urlquery }}',
      '{{ range $k, $v := .Params }}{{ $k }}{{ end }}',
    ]) {
      assert.deepEqual(check(fine), [], fine);
    }
    assert.deepEqual(check('a\n{{ .Host }'), [{ kind: 'syntax', message: 'unclosed action: {{ has no matching }}', offset: 2, line: 2, column: 1 }]);
    assert.match(check('{{ if .Host }}x')[0]!.message, /no \{\{end\}\}/);
    assert.match(check('{{ $x }}')[0]!.message, /undefined variable \$x/);
    assert.match(check('{{ .Host | "x" }}')[0]!.message, /non executable command/);
    assert.match(check('{{ /* c */ }}')[0]!.message, /unexpected "\/"/);
    assert.deepEqual(
      check('{{ .Host.Name }}').map((p) => p.kind),
      ['field'],
    );
    // Deep nesting is a finding, not a stack overflow (a 500 from the webhook).
    assert.match(check(`{{ ${'('.repeat(5000)}.Host${')'.repeat(5000)} }}`)[0]!.message, /nests more than 1000 deep/);
    assert.match(check(`${'{{ if .Host }}'.repeat(5000)}${'{{ end }}'.repeat(5000)}`)[0]!.message, /nests more than 1000 deep/);
  });

  it("accepts and refuses cron expressions as the operator's parser does", () => {
    for (const fine of ['0 3 * * *', '*/15 * * * *', '0 0 1,15 * sun', '5 4 * JAN-MAR 1-5', 'TZ=UTC 0 3 * * *', '? * * * *', '0 0 30 2 *']) {
      assert.equal(operatorCronProblem(fine), undefined, fine);
    }
    for (const [bad, why] of [
      ['@hourly', /descriptors/],
      ['0 3 * *', /4 fields, not the 5/],
      ['0 3 * * 7', /day of week 7 is above 6/],
      ['0 24 * * *', /hour 24/],
      ['5-1 * * * *', /runs backwards/],
      ['*/0 * * * *', /positive/],
      ['0 3 * * mo', /not a number or a name/],
      ['', /empty/],
    ] as const) {
      assert.match(operatorCronProblem(bad) ?? '', why, bad);
    }
  });
});

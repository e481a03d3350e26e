// The lint run against a PolicyEngine of fake policies: what each policy is told (the context), what it
// can see of the other documents (the reader), and what the run makes of skipped kinds, YAML errors and
// a policy that throws.
import { strict as assert } from 'node:assert';
import { lintManifests } from '../../cli/lint-run.js';
import { parseManifests, streamManifests } from '../../cli/read-manifests.js';
import { definePolicy } from '../../policies/kind-policy.js';
import { defineRule } from '../../policies/rule.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { PolicyEngine } from '../../policies/policy-engine.js';
import { SchemaValidator } from '../../policies/schema-validator.js';

const contexts: Array<{ name: string | undefined; ctx: PolicyContext }> = [];

const MARIADB_KIND = { group: 'enterprise.mariadb.com', kind: 'MariaDB' };
const MAXSCALE_KIND = { group: 'enterprise.mariadb.com', kind: 'MaxScale' };

const fakeMariaDB = definePolicy({
  ...MARIADB_KIND,
  defaults(object) {
    object.spec = { port: 3306, ...object.spec };
  },
  rules: [],
});

const fakeDefaulted = defineRule({
  id: 'fake/defaulted',
  kinds: [MAXSCALE_KIND],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  reportedBy: 'defaults',
  what: 'a default warning',
  why: 'test',
  fix: 'none',
});

/** One rule that reports what the reader answered, under three ids of its own severity. */
const lookupRule = (id: string, severity: 'error' | 'warning', answer: 'unknown' | 'missing' | 'found') =>
  defineRule({
    id,
    kinds: [MAXSCALE_KIND],
    severity,
    reason: 'FieldValueNotFound',
    what: `the MariaDB is ${answer}`,
    why: 'test',
    fix: 'none',
    async check({ object, ctx, at }) {
      const name = (object.spec?.mariaDbRef as { name?: string } | undefined)?.name ?? '';
      const found = await ctx.reader.get({ kind: 'MariaDB', namespace: ctx.namespace, name });
      const seen = found === 'unknown' ? 'unknown' : found === undefined ? 'missing' : 'found';
      if (seen !== answer) return [];
      if (seen !== 'found') return [at('spec.mariaDbRef.name', seen === 'unknown' ? 'not in the run' : 'missing')];
      // The reader must serve what admission would have stored: the defaulted MariaDB.
      return [at('spec.mariaDbRef.name', `found, port ${String((found as KubeObject).spec?.port)}`)];
    },
  });

const fakeMaxScale = definePolicy({
  ...MAXSCALE_KIND,
  defaults(object, ctx) {
    if (object.metadata?.name === 'explodes') throw new Error('boom');
    contexts.push({ name: object.metadata?.name, ctx });
    return [fakeDefaulted.at('spec', 'defaulted')];
  },
  rules: [
    fakeDefaulted,
    lookupRule('fake/unknown', 'warning', 'unknown'),
    lookupRule('fake/missing', 'error', 'missing'),
    lookupRule('fake/found', 'warning', 'found'),
  ],
  references: [{ kind: 'MariaDB', group: 'own', why: 'test', watched: true }],
});

const engine = new PolicyEngine([fakeMariaDB, fakeMaxScale], new SchemaValidator());

const MAXSCALE = (name: string, extra = '') => `apiVersion: enterprise.mariadb.com/v1alpha1
kind: MaxScale
metadata:
  name: ${name}
${extra}spec:
  mariaDbRef:
    name: mariadb-galera
`;
const MARIADB = `apiVersion: enterprise.mariadb.com/v1alpha1
kind: MariaDB
metadata:
  name: mariadb-galera
spec:
  storage:
    size: 1Gi
`;

const fake = <T extends { rule: string }>(findings: T[]) => findings.filter((f) => f.rule.startsWith('fake/'));

describe('lint run', () => {
  beforeEach(() => {
    contexts.length = 0;
  });

  it('resolves a reference to a document in another file of the run, after defaulting it', async () => {
    const result = await lintManifests([parseManifests('maxscale.yaml', MAXSCALE('maxscale-galera')), parseManifests('mariadb.yaml', MARIADB)], engine);
    const found = fake(result.findings).find((f) => f.rule === 'fake/found');
    assert.ok(found, JSON.stringify(result.findings));
    assert.equal(found.message, 'found, port 3306');
    assert.deepEqual(result.summary, { files: 2, documents: 2, notChecked: 0, errors: 0, warnings: 2 });
  });

  it('gives a streamed file (parsed anew on each of its two passes) the same findings, a reference forward or back', async () => {
    const text = [MAXSCALE('before'), MARIADB, MAXSCALE('after'), MAXSCALE('explodes')].join('---\n');
    const parsed = await lintManifests([parseManifests('all.yaml', text)], engine);
    const streamed = streamManifests('all.yaml', text);
    let passes = 0;
    const counted = { file: streamed.file, documents: { [Symbol.iterator]: () => (passes++, streamed.documents[Symbol.iterator]()) } };
    // No budget for keeping documents that nothing refers to: the second pass parses them again.
    const result = await lintManifests([counted], engine, {}, 0);
    assert.equal(passes, 2);
    assert.deepEqual(result, parsed);
    // Every MaxScale found the (defaulted) MariaDB, before it or after it, even the one whose defaults threw.
    assert.deepEqual(
      result.findings.filter((f) => f.rule === 'fake/found').map((f) => [f.name, f.message]),
      [
        ['before', 'found, port 3306'],
        ['after', 'found, port 3306'],
        ['explodes', 'found, port 3306'],
      ],
    );
    assert.ok(
      result.findings.some((f) => f.name === 'explodes' && f.rule === 'mdbkit/internal-error'),
      JSON.stringify(result.findings),
    );
  });

  it('parses a small run once, keeping every document, and judges it as two streamed passes do', async () => {
    const text = [MAXSCALE('before'), MARIADB, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n', MAXSCALE('after')].join('---\n');
    const counting = () => {
      const streamed = streamManifests('all.yaml', text);
      const counted = {
        file: streamed.file,
        documents: { [Symbol.iterator]: () => (counted.passes++, streamed.documents[Symbol.iterator]()) },
        reusing: (kept: Parameters<typeof streamed.reusing>[0]) => (counted.passes++, streamed.reusing(kept)),
        passes: 0,
      };
      return counted;
    };
    const small = counting();
    const tight = counting();
    const once = await lintManifests([small], engine, {}, text.length);
    const twice = await lintManifests([tight], engine, {}, text.length - 1);
    assert.deepEqual([small.passes, tight.passes], [1, 2]);
    assert.deepEqual(once, twice);
    assert.deepEqual(once, await lintManifests([parseManifests('all.yaml', text)], engine));
  });

  it('parses a file once when every document in it may be referred to (a file of one 10 MB MariaDB, say)', async () => {
    const streamed = streamManifests('mariadbs.yaml', `${MARIADB}---\n${MARIADB.replace('mariadb-galera', 'other')}`);
    let passes = 0;
    const counted = {
      file: streamed.file,
      documents: { [Symbol.iterator]: () => (passes++, streamed.documents[Symbol.iterator]()) },
      reusing: (kept: Parameters<typeof streamed.reusing>[0]) => (passes++, streamed.reusing(kept)),
    };
    const result = await lintManifests([counted], engine);
    assert.equal(passes, 1);
    assert.deepEqual(
      result.documents.map((d) => [d.name, d.status]),
      [
        ['mariadb-galera', 'checked'],
        ['other', 'checked'],
      ],
    );
  });

  it('treats an object outside the run as unknown, not missing', async () => {
    const result = await lintManifests([parseManifests('maxscale.yaml', MAXSCALE('maxscale-galera'))], engine);
    assert.deepEqual(
      fake(result.findings).map((f) => f.rule),
      ['fake/defaulted', 'fake/unknown'],
    );
  });

  it('places findings at the field and names the object', async () => {
    const result = await lintManifests([parseManifests('maxscale.yaml', MAXSCALE('maxscale-galera'))], engine);
    const unknown = result.findings.find((f) => f.rule === 'fake/unknown')!;
    assert.deepEqual(
      { file: unknown.file, line: unknown.line, column: unknown.column, kind: unknown.kind, name: unknown.name, apiVersion: unknown.apiVersion },
      { file: 'maxscale.yaml', line: 7, column: 11, kind: 'MaxScale', name: 'maxscale-galera', apiVersion: 'enterprise.mariadb.com/v1alpha1' },
    );
  });

  it('gives each policy the context the webhook would: CREATE, the group, the namespace, cluster.local', async () => {
    const community = MAXSCALE('community').replace('enterprise.mariadb.com', 'k8s.mariadb.com');
    await lintManifests([parseManifests('a.yaml', `${MAXSCALE('enterprise')}---\n${community}---\n${MAXSCALE('namespaced', '  namespace: db\n')}`)], engine);
    assert.deepEqual(
      contexts.map(({ name, ctx }) => ({ name, operation: ctx.operation, group: ctx.group, namespace: ctx.namespace, clusterDomain: ctx.clusterDomain })),
      [
        { name: 'enterprise', operation: 'CREATE', group: 'enterprise.mariadb.com', namespace: 'default', clusterDomain: 'cluster.local' },
        { name: 'community', operation: 'CREATE', group: 'k8s.mariadb.com', namespace: 'default', clusterDomain: 'cluster.local' },
        { name: 'namespaced', operation: 'CREATE', group: 'enterprise.mariadb.com', namespace: 'db', clusterDomain: 'cluster.local' },
      ],
    );
  });

  it('skips other kinds and non-objects with a note, and does not count them as problems', async () => {
    const result = await lintManifests(
      [parseManifests('mixed.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n---\n- a list\n---\nname: no kind\n')],
      engine,
    );
    assert.deepEqual(
      result.documents.map((d) => d.status),
      ['skipped', 'skipped', 'skipped'],
    );
    assert.deepEqual(
      result.documents.map((d) => d.note),
      [
        'skipped ConfigMap "cm" (v1): not a kind mdbkit checks',
        'skipped document 2: not a Kubernetes object (the document is a list)',
        'skipped document 3: no apiVersion or kind: not a Kubernetes object',
      ],
    );
    assert.deepEqual(result.findings, []);
  });

  it('reports YAML errors and checks the other documents', async () => {
    const result = await lintManifests([parseManifests('a.yaml', `kind: [\n---\n${MAXSCALE('ok')}`)], engine);
    assert.deepEqual(
      result.documents.map((d) => d.status),
      ['unreadable', 'checked'],
    );
    assert.equal(result.findings[0]!.rule, 'yaml/syntax');
    assert.ok(result.findings.some((f) => f.rule === 'fake/unknown'));
  });

  it('turns a policy that throws into a finding and goes on', async () => {
    const result = await lintManifests([parseManifests('a.yaml', `${MAXSCALE('explodes')}---\n${MAXSCALE('fine')}`)], engine);
    const internal = result.findings.find((f) => f.rule === 'mdbkit/internal-error')!;
    assert.equal(internal.message, 'defaulting failed inside mdbkit: boom');
    assert.equal(internal.line, 1);
    assert.ok(result.findings.some((f) => f.name === 'fine' && f.rule === 'fake/unknown'));
    assert.equal(result.summary.errors, 1);
  });

  it('reports schema findings at their field too', async () => {
    const result = await lintManifests([parseManifests('a.yaml', MAXSCALE('typo').replace('mariaDbRef:', 'monitr: {}\n  mariaDbRef:'))], engine);
    const typo = result.findings.find((f) => f.rule === 'schema/unknown-field')!;
    assert.deepEqual([typo.path, typo.line, typo.column], ['spec.monitr', 6, 3]);
  });
});

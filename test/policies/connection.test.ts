// The Connection policy as a user meets it: the Secret name, host and port it fills in from the
// MariaDB or MaxScale it refers to, and the findings for Connections the operator would reject.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ListClusterReader, OFFLINE_READER, type ClusterReader } from '../../policies/cluster-reader.js';
import { connectionPolicy } from '../../policies/connection/connection-policy.js';
import type { FieldError } from '../../policies/field-error.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { PolicyEngine } from '../../policies/policy-engine.js';
import { allRules } from '../../policies/registry.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { FIXTURES_DIR, manifestsIn } from '../support/fixtures.js';
import { harness } from '../support/policy-harness.js';

const SEEDS = join(FIXTURES_DIR, 'examples/seed-000-maxscale');
const policy = harness(connectionPolicy);
const seedConnection = parse(readFileSync(join(SEEDS, '10-connection.yaml'), 'utf8')) as KubeObject;
const minimalMaxScale = parse(readFileSync(join(SEEDS, '01-maxscale-minimal.yaml'), 'utf8')) as KubeObject;

function ctx(reader: ClusterReader = new ListClusterReader(), overrides: Partial<PolicyContext> = {}): PolicyContext {
  return { operation: 'CREATE', group: 'enterprise.mariadb.com', namespace: 'default', clusterDomain: 'cluster.local', reader, ...overrides };
}

function connection(spec: Record<string, unknown>, name = 'conn'): KubeObject {
  return {
    apiVersion: 'enterprise.mariadb.com/v1alpha1',
    kind: 'Connection',
    metadata: { name },
    spec: { username: 'app', passwordSecretKeyRef: { name: 'app', key: 'password' }, ...spec },
  };
}

function maxscale(name: string, spec: Record<string, unknown>, namespace?: string): KubeObject {
  return { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MaxScale', metadata: { name, ...(namespace ? { namespace } : {}) }, spec };
}

function mariadb(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MariaDB', metadata: { name }, spec };
}

async function defaulted(object: KubeObject, context = ctx()) {
  return policy.default(object, context);
}

async function hits(object: KubeObject, context = ctx()): Promise<string[]> {
  return (await policy.validate(object, context)).map((f) => `${f.rule}@${f.path}`);
}

const errorsOf = (list: FieldError[]) => list.filter((f) => f.severity === 'error');

describe('Connection policy', () => {
  describe('defaults', () => {
    it('names the Secret after the Connection', async () => {
      const { object } = await defaulted(connection({ mariaDbRef: { name: 'db' } }));
      assert.equal(object.spec?.secretName, 'conn');
    });

    it('takes the port of the first listener of the referenced MaxScale, and its Service as host', async () => {
      const reader = new ListClusterReader([
        maxscale('mxs', {
          services: [
            { name: 'rr', router: 'readconnroute', listener: { port: 3307 } },
            { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
          ],
        }),
      ]);
      const { object, warnings } = await defaulted(connection({ maxScaleRef: { name: 'mxs' } }), ctx(reader));
      assert.equal(object.spec?.port, 3307);
      assert.equal(object.spec?.host, 'mxs.default.svc.cluster.local');
      assert.deepEqual(warnings, []);
    });

    it("uses 3306 for a MaxScale without services (the operator's default rw-router)", async () => {
      const { object } = await defaulted(connection({ maxScaleRef: { name: 'maxscale-galera' } }), ctx(new ListClusterReader([minimalMaxScale])));
      assert.equal(object.spec?.port, 3306);
    });

    it("takes a referenced MariaDB's port, 3306 when it sets none", async () => {
      const reader = new ListClusterReader([mariadb('custom', { port: 3310 }), mariadb('plain', {})]);
      assert.equal((await defaulted(connection({ mariaDbRef: { name: 'custom' } }), ctx(reader))).object.spec?.port, 3310);
      assert.equal((await defaulted(connection({ mariaDbRef: { name: 'plain' } }), ctx(reader))).object.spec?.port, 3306);
      assert.equal((await defaulted(connection({ mariaDbRef: { name: 'plain' } }), ctx(reader))).object.spec?.host, 'plain.default.svc.cluster.local');
    });

    it("follows the reference's namespace, spec.serviceName and the cluster domain", async () => {
      const reader = new ListClusterReader([maxscale('mxs', { services: [{ name: 'rw', router: 'readwritesplit', listener: { port: 4000 } }] }, 'db')]);
      const { object } = await defaulted(
        connection({ maxScaleRef: { name: 'mxs', namespace: 'db' }, serviceName: 'mxs-gui' }),
        ctx(reader, { clusterDomain: 'corp.example' }),
      );
      assert.equal(object.spec?.host, 'mxs-gui.db.svc.corp.example');
      assert.equal(object.spec?.port, 4000);
    });

    it('warns instead of guessing the port when the cluster cannot be asked; the host still follows from the name', async () => {
      const { object, warnings } = await defaulted(connection({ maxScaleRef: { name: 'mxs' } }), ctx(OFFLINE_READER));
      assert.equal(object.spec?.port, undefined);
      assert.equal(object.spec?.host, 'mxs.default.svc.cluster.local');
      assert.deepEqual(
        warnings.map((w) => [w.rule, w.severity, w.path]),
        [['connection/reference-unresolved', 'warning', 'spec.maxScaleRef.name']],
      );
      assert.match(warnings[0]!.message, /set spec\.port/);
    });

    it('treats a reader that throws like one that cannot ask the cluster', async () => {
      const failing: ClusterReader = { get: async () => Promise.reject(new Error('connection refused')) };
      const { warnings } = await defaulted(connection({ mariaDbRef: { name: 'db' } }), ctx(failing));
      assert.deepEqual(
        warnings.map((w) => w.rule),
        ['connection/reference-unresolved'],
      );
      assert.deepEqual(await hits(connection({ mariaDbRef: { name: 'db' } }), ctx(failing)), []);
    });

    it('sets no port for a reference to nothing (validate reports it), and does not look up when the port is set', async () => {
      const { object, warnings } = await defaulted(connection({ mariaDbRef: { name: 'gone' } }));
      assert.equal(object.spec?.port, undefined);
      assert.deepEqual(warnings, []);
      const offline = await defaulted(connection({ mariaDbRef: { name: 'db' }, port: 3306 }), ctx(OFFLINE_READER));
      assert.deepEqual(offline.warnings, []);
    });

    it('defaults no host or port when the target is missing or ambiguous', async () => {
      for (const spec of [{}, { mariaDbRef: { name: 'a' }, maxScaleRef: { name: 'b' } }]) {
        const { object, warnings } = await defaulted(connection(spec), ctx(OFFLINE_READER));
        assert.equal(object.spec?.host, undefined);
        assert.equal(object.spec?.port, undefined);
        assert.deepEqual(warnings, []);
      }
    });

    it('changes a clone and keeps what the user wrote', async () => {
      const input = connection({ maxScaleRef: { name: 'mxs' }, secretName: 's', host: 'db.example.com', port: 4006, secretTemplate: { key: 'url' } });
      const before = structuredClone(input);
      const { object } = await defaulted(input, ctx(new ListClusterReader([maxscale('mxs', {})])));
      assert.deepEqual(input, before);
      assert.deepEqual(object, input);
      assert.notEqual(object, input);
    });
  });

  describe('seed', () => {
    const reader = new ListClusterReader(manifestsIn('examples/seed-000-maxscale').map((m) => m.object as KubeObject));

    it('10-connection.yaml has no findings against the other seed documents', async () => {
      assert.deepEqual(await policy.validate(seedConnection, ctx(reader)), []);
    });

    it('10-connection.yaml is only completed by defaulting, and stays valid', async () => {
      const { object, warnings } = await defaulted(seedConnection, ctx(reader));
      assert.deepEqual(warnings, []);
      assert.deepEqual(object.spec, { ...seedConnection.spec, host: 'maxscale-galera.default.svc.cluster.local', secretTemplate: { key: 'dsn' } });
      assert.deepEqual(await policy.validate(object, ctx(reader)), []);
      assert.deepEqual(await new SchemaValidator().validate(object), []);
    });

    it('10-connection.yaml has no error findings even alone, offline or not', async () => {
      assert.deepEqual(errorsOf(await policy.validate(seedConnection, ctx())), []);
      assert.deepEqual(errorsOf(await policy.validate(seedConnection, ctx(OFFLINE_READER))), []);
    });
  });

  // Table-driven stand-ins for property tests (fast-check is not installed).
  describe('laws over the seed and variants', () => {
    const reader = new ListClusterReader([minimalMaxScale, mariadb('db', { port: 3307 }), maxscale('other', { services: [] }, 'ns')]);
    const inputs: Array<[string, KubeObject]> = [
      ['seed', seedConnection],
      ['bare MaxScale ref', connection({ maxScaleRef: { name: 'maxscale-galera' } })],
      ['MariaDB ref', connection({ mariaDbRef: { name: 'db', waitForIt: false } })],
      ['other namespace', connection({ maxScaleRef: { name: 'other', namespace: 'ns' }, serviceName: 'svc' })],
      ['missing target', connection({ mariaDbRef: { name: 'nope' } })],
      ['both refs', connection({ mariaDbRef: { name: 'db' }, maxScaleRef: { name: 'maxscale-galera' } })],
      ['no name', { kind: 'Connection', spec: { mariaDbRef: { name: 'db' } } }],
      ['mistyped', { kind: 'Connection', metadata: { name: 'c' }, spec: { maxScaleRef: 'mxs', mariaDbRef: { name: 3 }, port: 'x', serviceName: 4 } }],
      ['no spec', { kind: 'Connection', metadata: { name: 'c' } }],
    ];
    for (const [label, input] of inputs) {
      for (const [readerLabel, r] of [
        ['listed', reader],
        ['offline', OFFLINE_READER],
      ] as const) {
        it(`${label} (${readerLabel}): defaulting twice equals defaulting once, and keeps every value the user wrote`, async () => {
          const once = (await defaulted(input, ctx(r))).object;
          assert.deepEqual((await defaulted(once, ctx(r))).object, once);
          for (const [key, value] of Object.entries(input.spec ?? {})) assert.deepEqual(once.spec?.[key], value, key);
          await policy.validate(once, ctx(r));
        });
      }
    }
  });

  describe('rules', () => {
    const cases: Array<{ rule: string; path: string; severity: string; fires: KubeObject; silent: KubeObject; reader?: ClusterReader }> = [
      {
        rule: 'connection/reference-required',
        path: 'spec.mariaDbRef',
        severity: 'error',
        fires: connection({}),
        silent: connection({ mariaDbRef: { name: 'db' } }),
      },
      {
        rule: 'connection/references-exclusive',
        path: 'spec.maxScaleRef',
        severity: 'error',
        fires: connection({ mariaDbRef: { name: 'db' }, maxScaleRef: { name: 'mxs' } }),
        silent: connection({ maxScaleRef: { name: 'mxs' } }),
      },
      {
        rule: 'connection/credentials-required',
        path: 'spec.passwordSecretKeyRef',
        severity: 'error',
        fires: { kind: 'Connection', metadata: { name: 'c' }, spec: { username: 'app', mariaDbRef: { name: 'db' } } },
        silent: {
          kind: 'Connection',
          metadata: { name: 'c' },
          spec: { username: 'app', mariaDbRef: { name: 'db' }, tlsClientCertSecretRef: { name: 'client-cert' } },
        },
      },
      {
        rule: 'connection/reference-missing',
        path: 'spec.maxScaleRef.name',
        severity: 'warning',
        fires: connection({ maxScaleRef: { name: 'mxs' } }),
        silent: connection({ maxScaleRef: { name: 'mxs' } }),
        reader: new ListClusterReader([maxscale('mxs', {})]),
      },
      {
        rule: 'connection/reference-missing',
        path: 'spec.mariaDbRef.name',
        severity: 'warning',
        fires: connection({ mariaDbRef: { name: 'db', namespace: 'elsewhere' } }),
        silent: connection({ mariaDbRef: { name: 'db', namespace: 'elsewhere' } }),
        reader: new ListClusterReader([{ ...mariadb('db', {}), metadata: { name: 'db', namespace: 'elsewhere' } }]),
      },
    ];
    for (const { rule, path, severity, fires, silent, reader } of cases) {
      it(`${rule} fires at ${path} as ${severity}`, async () => {
        const found = await policy.validate(fires, ctx());
        const finding = found.find((f) => f.rule === rule && f.path === path);
        assert.ok(finding, JSON.stringify(found, null, 1));
        assert.equal(finding.severity, severity);
      });
      it(`${rule} stays silent when the spec is right (${path})`, async () => {
        assert.deepEqual(
          (await hits(silent, ctx(reader ?? new ListClusterReader([mariadb('db', {}), maxscale('mxs', {})])))).filter((h) => h.startsWith(`${rule}@`)),
          [],
        );
      });
    }

    it('says nothing about existence when the cluster cannot be asked', async () => {
      assert.deepEqual(await hits(connection({ maxScaleRef: { name: 'mxs' } }), ctx(OFFLINE_READER)), []);
    });

    it('does not throw on mistyped input', async () => {
      for (const spec of ['x', { maxScaleRef: 'mxs' }, { mariaDbRef: { name: 3 } }, { mariaDbRef: null }]) {
        await policy.validate({ kind: 'Connection', metadata: { name: 'c' }, spec: spec as Record<string, unknown> }, ctx());
        await defaulted({ kind: 'Connection', metadata: { name: 'c' }, spec: spec as Record<string, unknown> });
      }
    });

    it('catalogs every Connection rule with what, why and fix', () => {
      const rules = allRules().filter((r) => r.id.startsWith('connection/'));
      assert.deepEqual(
        rules.map((r) => [r.id, r.severity]),
        [
          ['connection/credentials-required', 'error'],
          ['connection/immutable-field', 'error'],
          ['connection/maxscale-port-not-listener', 'error'],
          ['connection/reference-missing', 'warning'],
          ['connection/reference-required', 'error'],
          ['connection/reference-unresolved', 'warning'],
          ['connection/references-exclusive', 'error'],
          ['connection/secret-template-invalid', 'error'],
          ['connection/secret-template-unknown-value', 'error'],
        ],
      );
      for (const rule of rules) assert.ok(rule.what && rule.why && rule.fix, rule.id);
    });
  });

  // What the rewrite adds: each rule's own outcome, and the lookups the policy declares.
  describe('per-rule results', () => {
    const resultOf = async (object: KubeObject, rule: string, context = ctx()) => (await policy.judge(object, context)).results.find((r) => r.rule === rule);

    it('marks a rule that fired as failed and one that did not as passed', async () => {
      const { findings, results } = await policy.judge(connection({}), ctx());
      assert.deepEqual(
        results.find((r) => r.rule === 'connection/reference-required'),
        { rule: 'connection/reference-required', status: 'fail' },
      );
      assert.deepEqual(
        results.find((r) => r.rule === 'connection/credentials-required'),
        { rule: 'connection/credentials-required', status: 'pass' },
      );
      assert.deepEqual(
        results.find((r) => r.rule === 'connection/references-exclusive'),
        { rule: 'connection/references-exclusive', status: 'pass' },
      );
      assert.deepEqual(
        findings.filter((f) => f.rule.startsWith('connection/')).map((f) => `${f.rule}@${f.path}`),
        ['connection/reference-required@spec.mariaDbRef'],
      );
    });

    it('reports a missing target as failed, a present one as passed', async () => {
      const reader = new ListClusterReader([maxscale('mxs', {})]);
      assert.equal((await resultOf(connection({ maxScaleRef: { name: 'gone' } }), 'connection/reference-missing', ctx(reader)))?.status, 'fail');
      assert.equal((await resultOf(connection({ maxScaleRef: { name: 'mxs' } }), 'connection/reference-missing', ctx(reader)))?.status, 'pass');
    });

    it('skips the existence check, saying why, when there is nothing to look up or the cluster cannot be asked', async () => {
      assert.deepEqual(await resultOf(connection({ maxScaleRef: { name: 'mxs' } }), 'connection/reference-missing', ctx(OFFLINE_READER)), {
        rule: 'connection/reference-missing',
        status: 'skip',
        reason: 'the target of the Connection could not be looked up',
      });
      assert.deepEqual(await resultOf(connection({}), 'connection/reference-missing'), {
        rule: 'connection/reference-missing',
        status: 'skip',
        reason: 'no spec.mariaDbRef or spec.maxScaleRef to look up',
      });
    });

    it('records the warning of the defaults as the failure of connection/reference-unresolved', async () => {
      const engine = new PolicyEngine([connectionPolicy], new SchemaValidator());
      const offline = ctx(OFFLINE_READER);
      const { object, warnings } = await engine.defaultWith(connectionPolicy, connection({ mariaDbRef: { name: 'db' } }), offline);
      const judged = await engine.judge(connectionPolicy, object, offline, { defaultWarnings: warnings });
      assert.deepEqual(
        judged.results.find((r) => r.rule === 'connection/reference-unresolved'),
        { rule: 'connection/reference-unresolved', status: 'fail' },
      );
      assert.deepEqual(
        judged.findings.map((f) => `${f.rule}@${f.path}`),
        ['connection/reference-unresolved@spec.mariaDbRef.name'],
      );
      // Judged without the defaults (the harness, or a linter that did not default), it is not the rules' to say.
      assert.deepEqual(await resultOf(object, 'connection/reference-unresolved', offline), {
        rule: 'connection/reference-unresolved',
        status: 'skip',
        reason: 'reported when defaulting',
      });
    });

    it('declares the MariaDB, ExternalMariaDB and MaxScale it reads, so the webhook caches them in every served group', () => {
      const engine = new PolicyEngine([connectionPolicy], new SchemaValidator());
      assert.deepEqual(
        engine.watchedResources(['enterprise.mariadb.com', 'k8s.mariadb.com']).map((r) => `${r.group}/${r.kind}`),
        [
          'enterprise.mariadb.com/ExternalMariaDB',
          'enterprise.mariadb.com/MariaDB',
          'enterprise.mariadb.com/MaxScale',
          'k8s.mariadb.com/ExternalMariaDB',
          'k8s.mariadb.com/MariaDB',
          'k8s.mariadb.com/MaxScale',
        ],
      );
    });

    it('looks the target up in its own API group', async () => {
      const community = { ...maxscale('mxs', {}), apiVersion: 'k8s.mariadb.com/v1alpha1' };
      const reader = new ListClusterReader([community]);
      assert.equal((await resultOf(connection({ maxScaleRef: { name: 'mxs' } }), 'connection/reference-missing', ctx(reader)))?.status, 'fail');
      const asCommunity = ctx(reader, { group: 'k8s.mariadb.com' });
      assert.equal((await resultOf(connection({ maxScaleRef: { name: 'mxs' } }), 'connection/reference-missing', asCommunity))?.status, 'pass');
    });
  });
});

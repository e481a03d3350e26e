// The engine every caller shares: one policy per kind with a schema, a result per rule, rules switched off or
// re-graded by settings, lookups limited to what a policy declares, the informer caches derived from those
// declarations, and `kubectl scale` judged by the scaled kind's own replica rules.
import { strict as assert } from 'node:assert';
import { ListClusterReader, OFFLINE_READER } from '../../policies/cluster-reader.js';
import { definePolicy } from '../../policies/kind-policy.js';
import type { KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { PolicyEngine, UndeclaredReferenceError } from '../../policies/policy-engine.js';
import { KIND_POLICIES, allRules, createPolicyEngine } from '../../policies/registry.js';
import { ruleCatalog } from '../../policies/rule-catalog.js';
import { ruleSettings } from '../../policies/rule-settings.js';
import { defineRule } from '../../policies/rule.js';

const engine = createPolicyEngine();
const ctx = (extra: Partial<PolicyContext> = {}): PolicyContext => ({
  operation: 'CREATE',
  group: 'enterprise.mariadb.com',
  namespace: 'default',
  clusterDomain: 'cluster.local',
  reader: new ListClusterReader([]),
  ...extra,
});

const maxscale = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'enterprise.mariadb.com/v1alpha1',
  kind: 'MaxScale',
  metadata: { name: 'mxs' },
  spec,
});
const twoListenersOnOnePort = maxscale({
  servers: [{ name: 'db-0', address: 'db-0.example' }],
  monitor: { module: 'galeramon' },
  services: [
    { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
    { name: 'ro', router: 'readconnroute', listener: { port: 3306 } },
  ],
});

describe('policy engine', () => {
  it('has a policy for every kind with a schema, and a schema for every policy', () => {
    // An operator's kind comes once per operator version; its policy once.
    const kinds = [...new Set(engine.schemas.schemas.kinds.map((k) => `${k.sourceGroup}/${k.kind}`))].sort();
    const policies = KIND_POLICIES.map((p) => `${p.group}/${p.kind}`).sort();
    assert.deepEqual(policies, kinds);
  });

  it('has each rule id once in the catalog, every policy rule naming its kind', () => {
    const ids = allRules().map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const policy of KIND_POLICIES) {
      for (const rule of policy.rules) {
        assert.ok(rule.kinds !== '*' && rule.kinds.some((k) => k.group === policy.group && k.kind === policy.kind), `${rule.id} in ${policy.kind}`);
      }
    }
    const twin = defineRule({
      id: 'maxscale/pdb-one-of',
      kinds: [{ group: 'enterprise.mariadb.com', kind: 'MaxScale' }],
      severity: 'error',
      reason: 'FieldValueInvalid',
      what: 'x',
      why: 'x',
      fix: 'x',
      check: () => [],
    });
    const clash = definePolicy({ group: 'x.example', kind: 'MaxScale', rules: [] });
    assert.throws(() => ruleCatalog([...KIND_POLICIES, { ...clash, rules: [twin] }]), /rule maxscale\/pdb-one-of is defined twice/);
  });

  it('refuses a rule without a check or with two, and a policy holding a rule of another kind', () => {
    const text = { id: 'x/y', kinds: [{ group: 'g', kind: 'K' }], severity: 'error', reason: 'FieldValueInvalid', what: 'x', why: 'x', fix: 'x' } as const;
    assert.throws(() => defineRule(text), /exactly one of check, replicas and reportedBy/);
    assert.throws(() => defineRule({ ...text, check: () => [], reportedBy: 'defaults' }), /exactly one/);
    assert.throws(() => defineRule({ ...text, id: 'Bad Id', check: () => [] }), /not <area>\/<kebab-name>/);
    assert.throws(() => definePolicy({ group: 'g', kind: 'Other', rules: [defineRule({ ...text, check: () => [] })] }), /does not list g\/Other/);
  });

  it('reports a result per rule: fail for a finding, pass for none, skip with why for an UPDATE-only rule on CREATE', async () => {
    const judgement = (await engine.validate(twoListenersOnOnePort, ctx()))!;
    const result = (id: string) => judgement.results.find((r) => r.rule === id);
    assert.deepEqual(result('maxscale/duplicate-listener-port'), { rule: 'maxscale/duplicate-listener-port', status: 'fail' });
    assert.deepEqual(result('maxscale/duplicate-server-name'), { rule: 'maxscale/duplicate-server-name', status: 'pass' });
    assert.deepEqual(result('maxscale/immutable-field'), { rule: 'maxscale/immutable-field', status: 'skip', reason: 'judges UPDATE only' });
    assert.deepEqual(result('schema/unknown-field'), { rule: 'schema/unknown-field', status: 'pass' });
    assert.equal(result('maxscale/reference-unresolved')?.status, 'skip', 'a defaults rule is not judged without the defaults');
    // Every rule of the kind and of the schema has one result, in order.
    const expected = engine.rulesFor(engine.policyFor(twoListenersOnOnePort)!).map((r) => r.id);
    assert.deepEqual(
      judgement.results.map((r) => r.rule),
      expected,
    );
  });

  it('skips a disabled rule (no finding, result skip) and re-grades another', async () => {
    const tuned = engine.withSettings(
      ruleSettings({ disable: ['maxscale/duplicate-listener-port'], severity: { 'maxscale/monitor-module-required': 'warning' } }),
    );
    const judgement = (await tuned.validate(twoListenersOnOnePort, ctx()))!;
    assert.ok(!judgement.findings.some((f) => f.rule === 'maxscale/duplicate-listener-port'));
    assert.deepEqual(
      judgement.results.find((r) => r.rule === 'maxscale/duplicate-listener-port'),
      { rule: 'maxscale/duplicate-listener-port', status: 'skip', reason: 'disabled by configuration' },
    );
    const noModule = (await tuned.validate(maxscale({ servers: [{ name: 'db-0', address: 'db-0.example' }] }), ctx()))!;
    assert.deepEqual(
      noModule.findings.filter((f) => f.rule === 'maxscale/monitor-module-required').map((f) => f.severity),
      ['warning'],
    );
  });

  it('refuses a lookup the policy does not declare', async () => {
    const KIND = { group: 'enterprise.mariadb.com', kind: 'MaxScale' };
    const nosy = definePolicy({
      ...KIND,
      rules: [
        defineRule({
          id: 'nosy/reads',
          kinds: [KIND],
          severity: 'error',
          reason: 'FieldValueInvalid',
          what: 'x',
          why: 'x',
          fix: 'x',
          check: async ({ ctx: c }) => (await c.reader.get({ kind: 'Secret', namespace: 'default', name: 's', group: '' }), []),
        }),
      ],
    });
    const judging = new PolicyEngine([nosy], engine.schemas);
    await assert.rejects(
      judging.validate(maxscale({}), ctx()),
      (error: unknown) => error instanceof UndeclaredReferenceError && /the MaxScale policy looked up Secret of ""/.test(error.message),
    );
  });

  it('derives the informer caches from what the policies declare, in the order of the served groups', () => {
    const operators = engine.watchedResources(['enterprise.mariadb.com', 'k8s.mariadb.com']).map((r) => `${r.plural}.${r.group}`);
    // Backups are read by Restores; PhysicalBackups by PointInTimeRecoveries, which only operator 26.x (k8s.mariadb.com) has;
    // Users by Grants, SqlJobs by the SqlJobs that depend on them.
    assert.deepEqual(operators, [
      'backups.enterprise.mariadb.com',
      'externalmariadbs.enterprise.mariadb.com',
      'mariadbs.enterprise.mariadb.com',
      'maxscales.enterprise.mariadb.com',
      'sqljobs.enterprise.mariadb.com',
      'users.enterprise.mariadb.com',
      'backups.k8s.mariadb.com',
      'externalmariadbs.k8s.mariadb.com',
      'mariadbs.k8s.mariadb.com',
      'maxscales.k8s.mariadb.com',
      'physicalbackups.k8s.mariadb.com',
      'sqljobs.k8s.mariadb.com',
      'users.k8s.mariadb.com',
    ]);
    const community = engine.watchedResources(['k8s.mariadb.com']).map((r) => `${r.plural}.${r.group}`);
    assert.deepEqual(community, [
      'backups.k8s.mariadb.com',
      'externalmariadbs.k8s.mariadb.com',
      'mariadbs.k8s.mariadb.com',
      'maxscales.k8s.mariadb.com',
      'physicalbackups.k8s.mariadb.com',
      'sqljobs.k8s.mariadb.com',
      'users.k8s.mariadb.com',
    ]);
    const kubedb = engine.watchedResources(['kubedb.com', 'apps.k8s.appscode.com', 'controller.kubeslice.io']);
    assert.deepEqual(
      kubedb.map((r) => [`${r.plural}.${r.group}`, r.namespaced]),
      [
        ['placementpolicies.apps.k8s.appscode.com', false],
        ['sliceconfigs.controller.kubeslice.io', true],
      ],
    );
    // The Galera operator's kinds read Secrets and ConfigMaps, which the webhook must not cache.
    assert.deepEqual(engine.watchedResources(['sql.databases']), []);
  });

  describe('kubectl scale', () => {
    const scale = (plural: string, replicas: unknown, group = 'enterprise.mariadb.com') => ({ group, plural, name: 'mxs', namespace: 'default', replicas });

    it("runs the scaled kind's replica rules against the stored object", async () => {
      const stored = maxscale({ replicas: 1, monitor: { module: 'galeramon' } });
      const denied = (await engine.validateScale(scale('maxscales', 3), new ListClusterReader([stored]), 'cluster.local'))!;
      assert.equal(denied.kind, 'MaxScale');
      assert.deepEqual(
        denied.findings.map((f) => [f.rule, f.path]),
        [['maxscale/scale-without-cooperative-monitoring', 'spec.replicas']],
      );
      const cooperative = maxscale({ replicas: 1, monitor: { module: 'galeramon', cooperativeMonitoring: 'majority_of_all' } });
      assert.deepEqual((await engine.validateScale(scale('maxscales', 3), new ListClusterReader([cooperative]), 'cluster.local'))!.findings, []);
    });

    it('lets a scale through with a warning when the stored object cannot be read, and ignores kinds it does not know', async () => {
      const unknown = (await engine.validateScale(scale('maxscales', 2), OFFLINE_READER, 'cluster.local'))!;
      assert.deepEqual(
        unknown.findings.map((f) => [f.rule, f.severity]),
        [['maxscale/scale-unchecked', 'warning']],
      );
      assert.equal(unknown.results.find((r) => r.rule === 'maxscale/scale-without-cooperative-monitoring')?.status, 'skip');
      assert.equal(await engine.validateScale(scale('deployments', 2, 'apps'), OFFLINE_READER, 'cluster.local'), undefined);
    });

    it('runs the same replica rules on spec.replicas of a whole object', async () => {
      const judgement = (await engine.validate(maxscale({ replicas: 2, mariaDbRef: { name: 'db' }, monitor: { module: 'galeramon' } }), ctx()))!;
      assert.deepEqual(
        judgement.findings.filter((f) => f.rule === 'maxscale/scale-without-cooperative-monitoring').map((f) => f.path),
        ['spec.replicas'],
      );
    });
  });
});

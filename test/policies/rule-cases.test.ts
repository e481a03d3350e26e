// Every case of test/rule-cases/ through the whole policy engine, as the webhook judges an admission: the
// object defaulted, then the schema and every rule of its kind. A case says whether one rule fires (and where)
// or stays silent; other rules' findings do not matter to it.
import { strict as assert } from 'node:assert';
import { ListClusterReader } from '../../policies/cluster-reader.js';
import { groupOf, type KubeObject } from '../../policies/kube-object.js';
import type { PolicyContext } from '../../policies/policy-context.js';
import { allRules, createPolicyEngine } from '../../policies/registry.js';
import { allRuleCases, type RuleCase } from '../support/rule-cases.js';

const cases = await allRuleCases();
const engine = createPolicyEngine();
const known = new Set(allRules().map((r) => r.id));

/**
 * Rules that can fire only on the scale subresource (`kubectl scale`, a Scale with no object around it), which a
 * case (a whole object) cannot express: there the rule sees the object itself, never an unreadable one.
 */
const SCALE_ONLY = new Map([['maxscale/scale-unchecked', 'warns only when the stored MaxScale could not be read on a kubectl scale']]);

async function judge(c: RuleCase) {
  const judged = c.operatorVersions ? engine.withOperatorVersions(c.operatorVersions) : engine;
  const ctx = (operation: PolicyContext['operation'], oldObject?: KubeObject): PolicyContext => ({
    operation,
    oldObject,
    group: groupOf(c.object.apiVersion),
    namespace: c.object.metadata?.namespace ?? 'default',
    clusterDomain: 'cluster.local',
    reader: new ListClusterReader(c.cluster ?? []),
  });
  const old = c.old ? (await judged.default(c.old, ctx('CREATE')))?.object : undefined;
  const context = ctx(c.old ? 'UPDATE' : 'CREATE', old);
  const defaulted = await judged.default(c.object, context);
  assert.ok(defaulted, `${c.object.apiVersion} ${c.object.kind} is not a kind mdbkit judges`);
  const judgement = await judged.validate(defaulted.object, context, { defaultWarnings: defaulted.warnings });
  return judgement!.findings.filter((f) => f.rule === c.rule);
}

describe('rule cases: each rule fires on its cases and stays silent on the others', () => {
  it('has cases, and every case names a rule mdbkit has', () => {
    assert.ok(cases.length > 0);
    for (const c of cases) assert.ok(known.has(c.rule), `${c.table}: ${c.rule} is not a rule`);
  });

  it('every rule with a check fires in some case and stays silent in another', () => {
    const fires = new Set(cases.filter((c) => c.fires).map((c) => c.rule));
    const silent = new Set(cases.filter((c) => !c.fires).map((c) => c.rule));
    const gaps = allRules()
      .filter((r) => r.check !== undefined || r.replicas !== undefined)
      .flatMap((r) => [
        ...(fires.has(r.id) || SCALE_ONLY.has(r.id) ? [] : [`${r.id}: no case where it fires`]),
        ...(silent.has(r.id) ? [] : [`${r.id}: no case where it stays silent`]),
      ]);
    assert.deepEqual(gaps, [], 'add cases to a table in test/rule-cases/');
    for (const id of SCALE_ONLY.keys()) assert.ok(known.has(id), `${id} (SCALE_ONLY) is not a rule`);
  });

  for (const c of cases) {
    it(`${c.rule}: ${c.fires ? 'fires' : 'silent'}: ${c.name}`, async () => {
      const findings = await judge(c);
      if (!c.fires) {
        assert.deepEqual(findings, [], `${c.table}: expected no finding`);
        return;
      }
      assert.ok(findings.length > 0, `${c.table}: expected a finding of ${c.rule}`);
      if (c.path !== undefined)
        assert.ok(
          findings.some((f) => f.path === c.path),
          `${c.table}: expected one at ${c.path}, got ${findings.map((f) => f.path).join(', ')}`,
        );
      assert.ok(
        findings.every((f) => f.severity === (c.severity ?? 'error')),
        `${c.table}: severity`,
      );
      // A finding a user can act on names the field in its path and says more than the rule id.
      for (const f of findings) assert.ok(f.message.length > 20, `${c.table}: message too short: ${f.message}`);
    });
  }
});

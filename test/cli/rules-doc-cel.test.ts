// Whether a rule holds without the webhook is part of what users read about it: docs/rules.md (and `mdbkit
// rules`) say per rule whether its kind's CRD carries a CEL twin, and where, or why not; the CRD and webhook
// chart READMEs list every CEL rule of the CRDs with its message, the field it sits on and the rule it twins.
// Built in memory from the generators, as `mdbkit generate` would write them.
import { strict as assert } from 'node:assert';
import { emitRulesDoc } from '../../cli/commands/generate-rules-doc.js';
import { ruleEntries } from '../../cli/commands/rules.js';
import { emitCrdsChart } from '../../generator/crd/emit-crds-chart.js';
import { celTwinsByRule, specValidationRules } from '../../kinds/cel-rules.js';
import { emitWebhookChart } from '../../generator/charts/webhook-chart.js';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { allRules, createPolicyEngine } from '../../policies/registry.js';

const engine = createPolicyEngine();
const set = loadSchemas();
const doc = emitRulesDoc(engine).contents;

function row(id: string): string {
  const line = doc.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
  assert.ok(line, `docs/rules.md has no row for ${id}`);
  return line;
}

function readme(files: ReadonlyArray<{ path: string; contents: string }>, chart: string): string {
  const file = files.find((f) => f.path === `charts/${chart}/README.md`);
  assert.ok(file, `no README for ${chart}: ${files.map((f) => f.path).join(', ')}`);
  return file.contents;
}

describe('docs/rules.md and the chart READMEs say which rules hold without the webhook', () => {
  it('a rule with a CEL twin names the kind and the field its CRD checks it on', () => {
    assert.match(row('galera/image-tag-not-semver'), /\| yes: Galera \(sql\.databases\) at spec\.pod \|$/);
    assert.match(row('galera/s3-settings-incomplete'), /\| yes: Galera \(sql\.databases\) at spec; GaleraBackup \(sql\.databases\) at spec \|$/);
    assert.match(row('kubedb/slice-bandwidth-guarantee-above-ceiling'), /\| yes: SliceConfig \(controller\.kubeslice\.io\) at spec\.qosProfileDetails \|$/);
  });

  it('a rule without one says why', () => {
    assert.match(row('kubedb/placement-policy-not-found'), /\| no: reads the named PlacementPolicy from the cluster \|$/);
    assert.match(row('galera/pod-labels-ignored'), /\| no: a warning: a CEL rule can only refuse the object, which the operator accepts \|$/);
    assert.match(row('schema/unknown-field'), /\| the CRD's OpenAPI schema holds what it can express of the JSON Schema \|$/);
    assert.match(row('yaml/syntax'), /\| not a check of the object \|$/);
  });

  it('every rule says it, the same way in every format', () => {
    const twins = celTwinsByRule(set);
    const entries = new Map(ruleEntries(engine).map((e) => [e.id, e]));
    for (const rule of allRules()) {
      const said = entries.get(rule.id)!.celTwin;
      if (twins.has(rule.id)) assert.ok(said.startsWith('yes: '), `${rule.id}: ${said}`);
      else if (rule.noCelTwin !== undefined) assert.equal(said, `no: ${rule.noCelTwin}`);
      assert.ok(row(rule.id).endsWith(`| ${said.replace(/\|/g, '\\|')} |`), rule.id);
    }
  });

  it('the CRD chart README lists each twin with its message, where it sits and the rule it twins', () => {
    const text = readme(emitCrdsChart(set), 'mdbkit-crds');
    const twinned = specValidationRules(set).filter((r) => r.rule !== undefined);
    assert.ok(twinned.length > 10);
    for (const r of twinned) {
      const only = r.only ? ` (${r.only})` : '';
      assert.ok(text.includes(`- ${r.kind} (${r.groups}), \`${r.at}\`: ${r.message} (mdbkit rule \`${r.rule}\`)${only}.\n`), `${r.rule} at ${r.kind} ${r.at}`);
    }
    // Nested rules are listed too, not only those on spec.
    assert.ok(text.includes('- Galera (sql.databases), `spec.pod`: spec.pod.image needs a semantic version tag'));
    // A CEL rule tied to no mdbkit rule is listed without one.
    assert.match(text, /- GaleraBackup \(sql\.databases\), `spec`: schedule must be a cron expression[^\n]*"0 2 \* \* \*"\.\n/);
  });

  it('lists a rule of several operator versions once, with the groups of all, and says when only some versions have it', () => {
    const kind = (operatorVersion: string, groups: string[], rules: Array<Record<string, string>>): KindDefinition => ({
      ...set.kinds.find((k) => k.kind === 'MaxScale' && k.operatorVersion !== undefined)!,
      operatorVersion,
      groups,
      schema: {
        type: 'object',
        properties: { spec: { type: 'object', properties: { servers: { type: 'array', items: { type: 'object', 'x-kubernetes-validations': rules } } } } },
      },
    });
    const both = { rule: 'self.port > 0', message: 'a server needs a port', 'x-mdbkit-rule': 'maxscale/example' };
    const newer = { rule: 'self.name != ""', message: 'a server needs a name' };
    const listed = specValidationRules({
      ...set,
      kinds: [kind('25.10', ['enterprise.mariadb.com', 'k8s.mariadb.com'], [both]), kind('26.6', ['k8s.mariadb.com'], [both, newer])],
    });
    assert.deepEqual(listed, [
      {
        kind: 'MaxScale',
        groups: 'enterprise.mariadb.com, k8s.mariadb.com',
        at: 'spec.servers[]',
        message: 'a server needs a port',
        rule: 'maxscale/example',
        only: undefined,
      },
      {
        kind: 'MaxScale',
        groups: 'k8s.mariadb.com',
        at: 'spec.servers[]',
        message: 'a server needs a name',
        rule: undefined,
        only: 'mariadb-operator 26.6 only',
      },
    ]);
  });

  it('the webhook chart README lists them under failurePolicy Ignore', () => {
    const text = readme(emitWebhookChart(set), 'mdbkit-webhook');
    assert.ok(text.includes('  - SliceConfig (controller.kubeslice.io), `spec.qosProfileDetails`: bandwidthGuaranteedKbps cannot be greater'));
    assert.ok(text.includes('(mdbkit rule `kubedb/slice-bandwidth-guarantee-above-ceiling`).'));
  });
});

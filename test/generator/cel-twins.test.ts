// The CEL twins: rules the API server checks from the CRD itself, so they hold while no webhook runs. Each
// `x-kubernetes-validations` entry tied to a policy rule (`x-mdbkit-rule`) is evaluated with @bufbuild/cel on
// the rule's own cases (test/rule-cases/), and must agree with the rule; every rule that reads only the object
// has a twin, or says why it cannot (`noCelTwin`).
import { strict as assert } from 'node:assert';
import { run as celRun } from '@bufbuild/cel';
import type { JSONSchema } from '../../kinds/json-schema.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { allRules } from '../../policies/registry.js';
import { SchemaValidator } from '../../policies/schema-validator.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { parseOperatorVersionChoice } from '../../kinds/operator-versions.js';
import { isObject } from '../../policies/object-fields.js';
import { allRuleCases, type RuleCase } from '../support/rule-cases.js';
import { CRD_COST_LIMIT, maxSize, RULE_COST_LIMIT, ruleCost } from '../support/cel-cost.js';

interface Twin {
  rule: string;
  cel: string;
  message: string;
  /** Where it sits: property names, `[]` for a list's items, `*` for a map's values. */
  at: string[];
  /** The schema it is evaluated against (`self`). */
  self: JSONSchema;
  /** How many times it can run in one object: the product of the sizes of the lists and maps above it. */
  cardinality: number;
}

/** JSON as CEL sees a Kubernetes object: integers are ints, objects are maps. */
function celValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(celValue);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
  return value;
}

/** Every CEL rule of a schema tied to a policy rule, with where it sits. */
function celRulesIn(schema: JSONSchema, at: string[] = [], cardinality = 1, out: Twin[] = []): Twin[] {
  for (const v of (schema['x-kubernetes-validations'] as Array<Record<string, unknown>> | undefined) ?? []) {
    const rule = typeof v['x-mdbkit-rule'] === 'string' ? v['x-mdbkit-rule'] : '';
    out.push({ rule, cel: String(v.rule), message: String(v.message), at, self: schema, cardinality });
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) celRulesIn(sub, [...at, name], cardinality, out);
  if (isObject(schema.items)) celRulesIn(schema.items, [...at, '[]'], cardinality * maxSize(schema), out);
  if (isObject(schema.additionalProperties)) celRulesIn(schema.additionalProperties, [...at, '*'], cardinality * maxSize(schema), out);
  return out;
}

/** The CEL rules tied to a policy rule. */
function twinsIn(schema: JSONSchema): Twin[] {
  return celRulesIn(schema).filter((t) => t.rule !== '');
}

/** The values at a twin's place in an object (several under a list or a map), paired with the old ones by position. */
function valuesAt(value: unknown, at: readonly string[], old: unknown): Array<{ self: unknown; oldSelf: unknown }> {
  if (value === undefined || value === null) return [];
  if (at.length === 0) return [{ self: value, oldSelf: old }];
  const [step, ...rest] = at;
  if (step === '[]') return Array.isArray(value) ? value.flatMap((item, i) => valuesAt(item, rest, Array.isArray(old) ? old[i] : undefined)) : [];
  if (!isObject(value)) return [];
  if (step === '*') return Object.entries(value).flatMap(([k, v]) => valuesAt(v, rest, isObject(old) ? old[k] : undefined));
  return valuesAt(value[step!], rest, isObject(old) ? old[step!] : undefined);
}

/** The messages of the twins that refuse the object, as the API server would evaluate them. */
function refusedBy(twins: readonly Twin[], object: KubeObject, old: KubeObject | undefined): string[] {
  const refused: string[] = [];
  for (const twin of twins) {
    for (const { self, oldSelf } of valuesAt(object, twin.at, old)) {
      // A transition rule runs on UPDATE only, and only where the old object has the field.
      if (/\boldSelf\b/.test(twin.cel) && oldSelf === undefined) continue;
      const bindings: Record<string, unknown> = { self: celValue(self) };
      if (oldSelf !== undefined) bindings.oldSelf = celValue(oldSelf);
      if (celRun(twin.cel, bindings as never) !== true) refused.push(twin.message);
    }
  }
  return refused;
}

const cases = await allRuleCases();
const set = loadSchemas();
const rules = allRules();

function validatorFor(c: RuleCase): SchemaValidator {
  return new SchemaValidator(set, c.operatorVersions ? parseOperatorVersionChoice(set.operatorVersions!, c.operatorVersions) : undefined);
}

/** Every twin of every kind at every operator version, by rule id. */
const twinsByRule = new Map<string, Twin[]>();
for (const definition of set.kinds) {
  for (const twin of twinsIn(definition.schema)) twinsByRule.set(twin.rule, [...(twinsByRule.get(twin.rule) ?? []), twin]);
}

describe('CEL twins of the policy rules', () => {
  it('each names a rule mdbkit has, and compiles', () => {
    const ids = new Set(rules.map((r) => r.id));
    for (const [rule, twins] of twinsByRule) {
      assert.ok(ids.has(rule), `x-mdbkit-rule ${rule} is not a rule`);
      for (const twin of twins) celRun(twin.cel, { self: new Map() });
    }
  });

  it("stays within the API server's CEL cost budget: each rule, and each CRD's rules together (estimated as it does)", () => {
    for (const definition of set.kinds) {
      const all = celRulesIn(definition.schema);
      let total = 0;
      for (const r of all) {
        const each = ruleCost(r.cel, r.self);
        const where = `${definition.kind} ${definition.operatorVersion ?? ''} ${r.at.join('.') || '<root>'}: ${r.cel}`;
        assert.ok(
          each <= RULE_COST_LIMIT,
          `${where}: estimated cost ${each} exceeds ${RULE_COST_LIMIT}: bound the lists and strings it walks (maxItems, maxLength)`,
        );
        total += each * r.cardinality;
      }
      assert.ok(
        total <= CRD_COST_LIMIT,
        `${definition.kind} ${definition.operatorVersion ?? ''}: the CEL rules together are estimated at ${total}, above ${CRD_COST_LIMIT}`,
      );
    }
  });

  it('every rule that reads only the object has a twin, or says why CEL cannot express it', () => {
    const missing = rules.filter((r) => r.check !== undefined && r.noCelTwin === undefined && !twinsByRule.has(r.id)).map((r) => r.id);
    assert.deepEqual(missing, []);
  });

  it('every rule with a twin has cases where it fires and where it stays silent', () => {
    for (const rule of twinsByRule.keys()) {
      const own = cases.filter((c) => c.rule === rule);
      assert.ok(own.some((c) => c.fires) && own.some((c) => !c.fires), `${rule} needs cases both ways in test/rule-cases/`);
    }
  });

  for (const c of cases.filter((x) => twinsByRule.has(x.rule) && x.celDiffers === undefined)) {
    it(`${c.rule}: the CEL twin agrees: ${c.name}`, () => {
      const served = validatorFor(c).servedKind(c.object.apiVersion, c.object.kind);
      assert.ok(served, `${c.object.apiVersion} ${c.object.kind} is not served`);
      const twins = twinsIn(served.definition.schema).filter((t) => t.rule === c.rule);
      const refused = refusedBy(twins, c.object, c.old);
      if (c.fires) assert.ok(refused.length > 0, `${c.table}: the rule fires, its twin accepts`);
      else assert.deepEqual(refused, [], `${c.table}: the rule is silent, its twin refuses`);
    });
  }
});

// The API server refuses a CRD whose CEL rules it estimates too costly, and it estimates a list without
// maxItems from the largest request it accepts (3 MiB: about a million items), so a rule that loops over
// such a list, or loops inside a loop, can make the whole CRD uninstallable. The hand-written kinds' rules
// (KubeDB, KubeSlice, the Galera operator) loop only over lists their schema bounds, and never over a field
// of an item. Read from the CRD schemas as generated (references inlined), so a bound that lives in a shared
// fragment counts.
import { strict as assert } from 'node:assert';
import { crdSchema } from '../../generator/crd/crd-object.js';
import { isSchemaObject, type JSONSchema } from '../../kinds/json-schema.js';
import { loadSchemas } from '../../kinds/load-schemas.js';

const MACROS = '(?:all|exists|exists_one|filter|map)';
/** `self.a.b.all(` and the like: the list a rule loops over, as a path below the rule's node. */
const SELF_LOOP = new RegExp(`\\bself((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\.${MACROS}\\(`, 'g');
/** Any loop, over self or over a loop variable's field. */
const ANY_LOOP = new RegExp(`\\b([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\.${MACROS}\\(`, 'g');

interface Placed {
  rule: string;
  node: JSONSchema;
  at: string;
}

function rulesIn(schema: JSONSchema, at: string, out: Placed[]): Placed[] {
  for (const v of (schema['x-kubernetes-validations'] as Array<{ rule: string }> | undefined) ?? []) out.push({ rule: v.rule, node: schema, at });
  for (const [name, sub] of Object.entries(schema.properties ?? {})) rulesIn(sub, `${at}.${name}`, out);
  if (isSchemaObject(schema.items)) rulesIn(schema.items, `${at}[]`, out);
  if (isSchemaObject(schema.additionalProperties)) rulesIn(schema.additionalProperties, `${at}.*`, out);
  return out;
}

const set = loadSchemas();
const handWritten = set.kinds.filter((k) => k.operatorVersion === undefined);

describe('CEL rules of the hand-written kinds stay within the API server cost budget', () => {
  it('finds the loops it checks (the SliceConfig twins loop over spec.clusters)', () => {
    const slice = handWritten.find((k) => k.kind === 'SliceConfig')!;
    const loops = rulesIn(crdSchema(set, slice), '', []).flatMap((p) => [...p.rule.matchAll(SELF_LOOP)].map((m) => m[1]));
    assert.ok(loops.includes('.clusters'), loops.join(', '));
  });

  for (const definition of handWritten) {
    it(`${definition.kind} (${definition.groups.join(', ')}): every list a rule loops over has maxItems, and no loop runs over a loop variable's field`, () => {
      for (const { rule, node, at } of rulesIn(crdSchema(set, definition), '', [])) {
        for (const [, path] of rule.matchAll(SELF_LOOP)) {
          let list: JSONSchema | undefined = node;
          for (const step of path!.split('.').slice(1)) list = list?.properties?.[step];
          assert.ok(list, `${at}: ${rule}: no ${path} below the rule's node`);
          assert.equal(list.type, 'array', `${at}: ${rule}: ${path} is not a list`);
          assert.equal(typeof list.maxItems, 'number', `${at}${path} has no maxItems, and the rule at ${at} loops over it: ${rule}`);
        }
        // A loop over a field of a loop variable (`c.env.all(...)` inside `containers.all(c, ...)`) multiplies.
        const loopsOverVariables = [...rule.matchAll(ANY_LOOP)].filter((m) => m[1] !== 'self');
        assert.deepEqual(
          loopsOverVariables.map((m) => m[0]),
          [],
          `${at}: ${rule}`,
        );
      }
    });
  }
});

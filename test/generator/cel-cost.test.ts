// The CEL cost estimate the twins are held to (test/support/cel-cost.ts): it must refuse what the API server
// refuses (a nested walk over unbounded lists) and accept what it accepts (a walk over a bounded list).
import { strict as assert } from 'node:assert';
import type { JSONSchema } from '../../kinds/json-schema.js';
import { RULE_COST_LIMIT, ruleCost } from '../support/cel-cost.js';

const servers = (maxItems?: number): JSONSchema => ({
  type: 'object',
  properties: {
    servers: { type: 'array', ...(maxItems ? { maxItems } : {}), items: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } } },
    name: { type: 'string' },
  },
});
const PAIRWISE = 'self.servers.all(s, self.servers.exists_one(t, t.name == s.name))';

describe('CEL cost estimate', () => {
  it('prices field checks at a handful', () => {
    assert.ok(ruleCost('has(self.name) && size(self.servers) > 0', servers()) < 100);
  });

  it('refuses a pairwise walk over an unbounded list, and accepts it once the list has maxItems', () => {
    assert.ok(ruleCost(PAIRWISE, servers()) > RULE_COST_LIMIT);
    assert.ok(ruleCost(PAIRWISE, servers(64)) < RULE_COST_LIMIT);
  });

  it('charges a regular expression by the length the string may have', () => {
    assert.ok(ruleCost("self.name.matches('^[a-z]+$')", servers()) > 100_000);
    assert.ok(ruleCost("self.servers.all(s, s.name.matches('^[a-z]+$'))", servers(10)) < 1_000);
  });
});

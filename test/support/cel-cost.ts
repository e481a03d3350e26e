// A conservative estimate of what the API server charges a CRD's CEL rule, after apiextensions-apiserver's
// static cost estimate: a list or map without maxItems/maxProperties may hold as many elements as fit in the
// 3 MiB request limit, a string without maxLength as many characters, a comprehension costs its range's size
// times its body, and a rule under a list's items runs once per item. The API server refuses a CRD whose rule
// exceeds 10^7 or whose rules together exceed 10^8 (StaticEstimatedCostLimit, StaticEstimatedCRDCostLimit).
// It is not the API server's exact figure: it errs high, so a rule under it here is under it there.
// https://kubernetes.io/docs/reference/using-api/cel/#resource-constraints
import { parse } from '@bufbuild/cel';
import type { JSONSchema } from '../../kinds/json-schema.js';

export const RULE_COST_LIMIT = 10_000_000;
export const CRD_COST_LIMIT = 100_000_000;
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** The most elements (or characters) a value of this schema can have, by its bound or the request size. */
export function maxSize(schema: JSONSchema | undefined): number {
  if (!schema) return MAX_REQUEST_BYTES;
  const bound = schema.maxItems ?? schema.maxProperties ?? schema.maxLength;
  if (typeof bound === 'number') return bound;
  // The smallest serialised element: `{},` for objects and lists, `"",` for strings, `0,` for numbers.
  const item = (schema.items ?? schema.additionalProperties) as JSONSchema | undefined;
  const minElement = schema.type === 'string' ? 1 : item?.type === 'integer' || item?.type === 'number' || item?.type === 'boolean' ? 2 : 3;
  return Math.floor(MAX_REQUEST_BYTES / minElement);
}

type Node = { exprKind: { case: string | undefined; value: any } };

interface Scope {
  /** What each variable in scope (self, comprehension variables) is, as a schema. */
  vars: Map<string, JSONSchema | undefined>;
}

/** The schema an expression's value has, where it is a path from a variable; undefined otherwise. */
function schemaOf(node: Node, scope: Scope): JSONSchema | undefined {
  const { case: kind, value } = node.exprKind;
  if (kind === 'identExpr') return scope.vars.get(value.name);
  if (kind === 'selectExpr') {
    const parent = schemaOf(value.operand, scope);
    return parent?.properties?.[value.field] ?? (parent?.additionalProperties as JSONSchema | undefined);
  }
  if (kind === 'callExpr' && value.function === '_[_]') {
    const parent = schemaOf(value.args[0], scope);
    return (parent?.items ?? parent?.additionalProperties) as JSONSchema | undefined;
  }
  return undefined;
}

const STRING_FUNCTIONS = new Set(['matches', 'contains', 'startsWith', 'endsWith', '_==_', '_!=_', 'size', '_+_']);

/** Estimated cost of one expression. */
function cost(node: Node, scope: Scope): number {
  const { case: kind, value } = node.exprKind;
  switch (kind) {
    case 'constExpr':
    case 'identExpr':
      return 1;
    case 'selectExpr':
      return 1 + cost(value.operand, scope);
    case 'listExpr':
      return 1 + value.elements.reduce((sum: number, e: Node) => sum + cost(e, scope), 0);
    case 'structExpr':
      return (
        1 +
        value.entries.reduce(
          (sum: number, e: { value?: Node; mapKey?: Node }) => sum + (e.value ? cost(e.value, scope) : 0) + (e.mapKey ? cost(e.mapKey, scope) : 0),
          0,
        )
      );
    case 'callExpr': {
      const args: Node[] = value.target ? [value.target, ...value.args] : value.args;
      let own = 1;
      // Work on a string grows with its length (a tenth per character, as the API server charges).
      if (STRING_FUNCTIONS.has(value.function)) {
        const longest = Math.max(0, ...args.map((a) => (schemaOf(a, scope)?.type === 'string' ? maxSize(schemaOf(a, scope)) : 0)));
        own += Math.ceil(longest / 10);
      }
      return own + args.reduce((sum, a) => sum + cost(a, scope), 0);
    }
    case 'comprehensionExpr': {
      const range = schemaOf(value.iterRange, scope);
      const size = maxSize(range);
      const element = (range?.items ?? range?.additionalProperties) as JSONSchema | undefined;
      const inner: Scope = { vars: new Map(scope.vars) };
      inner.vars.set(value.iterVar, range?.items ? element : { type: 'string' });
      if (value.iterVar2) inner.vars.set(value.iterVar2, element);
      inner.vars.set(value.accuVar, undefined);
      const body = cost(value.loopCondition, inner) + cost(value.loopStep, inner);
      return cost(value.iterRange, scope) + cost(value.accuInit, scope) + size * body + cost(value.result, inner);
    }
    default:
      return 1;
  }
}

/** Estimated cost of a rule evaluated once against a value of `self`'s schema (oldSelf has the same). */
export function ruleCost(rule: string, self: JSONSchema): number {
  const parsed = parse(rule) as unknown as { expr: Node };
  return cost(parsed.expr, {
    vars: new Map([
      ['self', self],
      ['oldSelf', self],
    ]),
  });
}

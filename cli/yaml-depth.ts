// How deeply a YAML document nests, found on the parser's tokens before the composer builds a tree. `[[[[...]]]]`
// costs one byte a level, so a small file can nest 100,000 deep, and every recursive step from composing on (the
// composer itself, toJS, the policies' walks) would run out of stack. V8 does not always fail such an overflow as
// a catchable error: a regular expression compiled near the stack's end aborts the whole process. So a document
// nested too deep never reaches the composer: its contents are swapped for an empty value (emptyingDocuments,
// which also spares a lint run's second pass the documents it kept from the first), and the reader reports it
// as one finding.
import type { CST } from 'yaml';
import { MAX_JSON_DEPTH } from '../webhook/json-depth.js';

/**
 * The deepest nesting the linter reads: as the webhook's, far more than any Kubernetes object (a few dozen
 * levels) and well inside the stack of every recursive step.
 */
export const MAX_YAML_DEPTH = MAX_JSON_DEPTH;

/** The offset of the first collection nested deeper than `limit` in a token, or undefined. Iterative. */
export function firstNestingPast(token: CST.Token | undefined, limit: number): number | undefined {
  const stack: Array<{ token: CST.Token | null | undefined; depth: number }> = [{ token, depth: 0 }];
  while (stack.length > 0) {
    const { token: next, depth } = stack.pop()!;
    if (!next) continue;
    if (next.type === 'block-map' || next.type === 'block-seq' || next.type === 'flow-collection') {
      if (depth + 1 > limit) return next.offset;
      for (const item of next.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
        stack.push({ token: item.key, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * The parser's tokens, with the documents `empty` picks emptied (their contents an empty value): the composer
 * then builds no tree for them. The document keeps its offset, so its composed stand-in is found by it.
 */
export function* emptyingDocuments(tokens: Iterable<CST.Token>, empty: (document: CST.Document) => boolean): Generator<CST.Token> {
  for (const token of tokens) {
    if (token.type !== 'document' || !token.value || !empty(token)) {
      yield token;
      continue;
    }
    const nothing: CST.FlowScalar = { type: 'scalar', offset: token.value.offset, indent: 0, source: '' };
    yield { ...token, value: nothing };
  }
}

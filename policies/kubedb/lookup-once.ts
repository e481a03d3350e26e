// Several rules of one judgement read the same object (three MariaDB rules read its PlacementPolicy, two
// PlacementPolicy rules its SliceConfig). Asking once per judgement keeps their answers consistent with each
// other while an informer cache changes underneath, and asks the reader once rather than once per rule.
// The engine hands every rule of a judgement the same context, so the context keys the answers.
import type { ObjectKey } from '../cluster-reader.js';
import type { KubeObject } from '../kube-object.js';
import type { PolicyContext } from '../policy-context.js';

type Answer = Promise<KubeObject | undefined | 'unknown'>;

const answers = new WeakMap<PolicyContext, Map<string, Answer>>();

/** ctx.reader.get, asked once per key for as long as this context lives (one judgement). */
export function lookupOnce(ctx: PolicyContext, key: ObjectKey): Answer {
  let known = answers.get(ctx);
  if (!known) answers.set(ctx, (known = new Map()));
  const id = JSON.stringify([key.group, key.kind, key.namespace, key.name]);
  let answer = known.get(id);
  if (!answer) known.set(id, (answer = ctx.reader.get(key)));
  return answer;
}

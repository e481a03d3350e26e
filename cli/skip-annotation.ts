// `metadata.annotations["mdbkit.dev/skip-rules"]`: the rules `mdbkit lint` does not run on one object, for the
// finding its author has decided to live with ("mariadb/galera-even-replicas, maxscale/monitor-interval-short",
// or an area such as "maxscale/*"). Lint only: the webhook ignores it, since an object's author must not be able
// to switch off the checks whoever installed the webhook chose (the chart's disabledRules is theirs).
import type { FieldError } from '../policies/field-error.js';
import { SKIP_ANNOTATION_UNKNOWN_RULE } from '../policies/document-rules.js';
import { closestName } from '../policies/closest-name.js';
import { isObject } from '../policies/object-fields.js';
import type { Rule } from '../policies/rule.js';
import { namesRule } from '../policies/rule-settings.js';

export const SKIP_RULES_ANNOTATION = 'mdbkit.dev/skip-rules';
const ANNOTATION_PATH = `metadata.annotations[${SKIP_RULES_ANNOTATION}]`;

export interface SkipRequest {
  /** Rule id → why it was skipped, for the engine's results. */
  skip: Map<string, string>;
  /** Names in the annotation that are no rule: each a warning finding, so a typo does not silently skip nothing. */
  findings: FieldError[];
}

/** What an object's annotation asks to skip, among the rules the catalog knows. */
export function skipRequest(object: unknown, catalog: readonly Rule[]): SkipRequest {
  const annotations = isObject(object) && isObject(object.metadata) ? object.metadata.annotations : undefined;
  const value = isObject(annotations) ? annotations[SKIP_RULES_ANNOTATION] : undefined;
  const skip = new Map<string, string>();
  const findings: FieldError[] = [];
  if (typeof value !== 'string') return { skip, findings };
  const names = [...new Set(value.split(/[\s,]+/).filter((name) => name !== ''))];
  const ids = catalog.map((rule) => rule.id);
  for (const name of names) {
    const hits = ids.filter((id) => namesRule(name, id));
    if (hits.length === 0) {
      const suggestion = closestName(name, ids);
      findings.push(
        SKIP_ANNOTATION_UNKNOWN_RULE.at(
          ANNOTATION_PATH,
          `no rule "${name}" to skip${suggestion ? `: did you mean "${suggestion}"?` : ': `mdbkit rules` lists the rule ids'}`,
        ),
      );
    }
    for (const id of hits) skip.set(id, `skipped by the ${SKIP_RULES_ANNOTATION} annotation`);
  }
  return { skip, findings };
}

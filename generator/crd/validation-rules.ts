// The CEL rules (x-kubernetes-validations) each kind's spec carries into its CRD, as the chart READMEs list
// them: what the API server still refuses when no admission webhook runs.
import type { SchemaSet } from '../../kinds/load-schemas.js';

export interface ValidationRule {
  kind: string;
  message: string;
}

export function specValidationRules(set: SchemaSet): ValidationRule[] {
  const all = set.kinds.flatMap((k) =>
    ((k.schema.properties?.spec?.['x-kubernetes-validations'] as Array<{ message: string }> | undefined) ?? []).map((v) => ({
      kind: k.kind,
      message: v.message,
    })),
  );
  // The same rule in several operator versions is listed once.
  const seen = new Set<string>();
  return all.filter((r) => !seen.has(`${r.kind}\u0000${r.message}`) && seen.add(`${r.kind}\u0000${r.message}`));
}

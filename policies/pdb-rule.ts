// A PodDisruptionBudget takes exactly one of minAvailable and maxUnavailable; the operators pass
// spec.podDisruptionBudget through, so a spec with both or neither fails when they reconcile.
// https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget
import { objectAt } from './object-fields.js';
import { defineRule, type KindRef, type Rule } from './rule.js';

export function pdbOneOfRule(area: string, kinds: readonly KindRef[]): Rule {
  return defineRule({
    id: `${area}/pdb-one-of`,
    kinds,
    severity: 'error',
    reason: 'FieldValueInvalid',
    what: 'A podDisruptionBudget with both or neither of minAvailable and maxUnavailable.',
    why: 'Kubernetes accepts exactly one of the two; the PodDisruptionBudget is rejected and the resource never reconciles.',
    fix: 'Set exactly one of minAvailable and maxUnavailable.',
    check({ spec, at }) {
      const pdb = objectAt(spec, 'podDisruptionBudget');
      if (!pdb) return [];
      const both = pdb.minAvailable !== undefined && pdb.maxUnavailable !== undefined;
      const neither = pdb.minAvailable === undefined && pdb.maxUnavailable === undefined;
      if (!both && !neither) return [];
      return [at('spec.podDisruptionBudget', `Invalid value: ${both ? 'both' : 'neither'} of minAvailable and maxUnavailable are set; set exactly one`)];
    },
  });
}

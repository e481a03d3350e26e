// Suspending a MaxScale monitor, service or listener changes its state in the MaxScale API, which the operator
// does only when started with --feature-maxscale-suspend (seed: "Suspend resources"; operator
// cmd/controller/main.go, MaxScaleReconciler.SuspendEnabled). spec.suspend itself (pausing reconciliation)
// needs no flag.
import { arrayAt, booleanAt, objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { entries } from './maxscale-fields.js';
import { MAXSCALE } from './maxscale-kind.js';

export const suspendNeedsFeatureFlag = defineRule({
  id: 'maxscale/suspend-needs-feature-flag',
  kinds: [MAXSCALE],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'suspend: true on spec.monitor, a service or a listener.',
  why: 'The operator suspends MaxScale objects only when it runs with --feature-maxscale-suspend; without the flag the field is ignored and traffic keeps flowing.',
  fix: 'Start the operator with --feature-maxscale-suspend (helm: --set extraArgs={--feature-maxscale-suspend}), or remove suspend.',
  noCelTwin: 'a warning: a CEL validation can only refuse',
  check({ spec, at }) {
    const suspended: string[] = [];
    if (booleanAt(objectAt(spec, 'monitor'), 'suspend') === true) suspended.push('spec.monitor.suspend');
    for (const [i, service] of entries(arrayAt(spec, 'services'))) {
      if (booleanAt(service, 'suspend') === true) suspended.push(`spec.services[${i}].suspend`);
      if (booleanAt(objectAt(service, 'listener'), 'suspend') === true) suspended.push(`spec.services[${i}].listener.suspend`);
    }
    return suspended.map((path) =>
      at(path, 'true takes effect only when the operator runs with the --feature-maxscale-suspend flag; without it the object is not suspended'),
    );
  },
});

// More than one MaxScale replica needs cooperative monitoring, or every replica runs its own monitor. Judged on
// spec.replicas and on `kubectl scale maxscale X --replicas N`, which reaches the webhook as a Scale carrying only
// the number (fixtures 013/014): the monitor settings come from the stored MaxScale.
import { objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { MAXSCALE } from './maxscale-kind.js';

export const scaleWithoutCooperativeMonitoring = defineRule({
  id: 'maxscale/scale-without-cooperative-monitoring',
  kinds: [MAXSCALE],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'A MaxScale above one replica (kubectl scale, or spec.replicas) while its monitor has no cooperativeMonitoring.',
  why: 'Every replica would run its own monitor: they fail over independently and can elect different primaries.',
  fix: 'Set spec.monitor.cooperativeMonitoring: majority_of_all on the MaxScale first, then scale it.',
  replicas: {
    readsStored: true,
    check({ replicas, current, name, at }) {
      if (replicas <= 1) return [];
      // Gone: the API server answers that itself. Unknown: maxscale/scale-unchecked says so.
      if (current === undefined) return [];
      if (current === 'unknown') return { skipped: 'the MaxScale could not be read' };
      if (stringAt(objectAt(current.spec, 'monitor'), 'cooperativeMonitoring') !== undefined) return [];
      return [
        at(
          'spec.replicas',
          `Forbidden: ${replicas} MaxScale replicas would each run their own monitor; set spec.monitor.cooperativeMonitoring: majority_of_all on ${name ? `MaxScale ${name}` : 'the MaxScale'} first`,
        ),
      ];
    },
  },
});

export const scaleUnchecked = defineRule({
  id: 'maxscale/scale-unchecked',
  kinds: [MAXSCALE],
  severity: 'warning',
  reason: 'FieldValueNotFound',
  what: 'A kubectl scale of a MaxScale above one replica that could not be checked, because the MaxScale could not be read.',
  why: 'Without cooperative monitoring every replica runs its own monitor; the webhook lets the scale through rather than block it.',
  fix: 'Check that spec.monitor.cooperativeMonitoring is set on the MaxScale, and that the webhook can reach the API server.',
  replicas: {
    readsStored: true,
    check({ replicas, current, name, at }) {
      // Let it through rather than block every scale while the API server is unreachable, but say so.
      if (replicas <= 1 || current !== 'unknown') return [];
      return [at('spec.replicas', `${name ? `MaxScale ${name}` : 'The MaxScale'} could not be read: cooperativeMonitoring not checked`)];
    },
  },
});

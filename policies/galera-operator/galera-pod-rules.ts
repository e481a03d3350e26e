// Labels meant for a Galera's pods: spec.pod.labels is not in the operator's API (galera_types.go), which labels
// the pods with the Galera's own metadata.labels, so labels written only in spec.pod are silently lost, and the
// selectors that rely on them (the pod anti-affinity) match nothing.
// https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/apis/apigalera/v1beta2/galera_types.go
import { objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { GALERA } from './galera-kind.js';

export const podLabelsIgnored = defineRule({
  id: 'galera/pod-labels-ignored',
  noCelTwin: 'a warning: a CEL rule can only refuse the object, which the operator accepts',
  kinds: [GALERA],
  severity: 'warning',
  reason: 'FieldValueInvalid',
  what: 'spec.pod.labels sets labels that metadata.labels does not have.',
  why: "The operator ignores spec.pod.labels (it is not in its API) and labels the pods with the Galera's metadata.labels, so selectors such as the pod anti-affinity do not see these labels.",
  fix: 'Move the labels to metadata.labels and remove spec.pod.labels.',
  check({ object, spec, at }) {
    const podLabels = objectAt(objectAt(spec, 'pod'), 'labels');
    if (!podLabels) return [];
    const ownLabels = objectAt(object.metadata, 'labels') ?? {};
    // Labels metadata.labels already gives the pods lose nothing.
    const lost = Object.entries(podLabels).filter(([key, value]) => ownLabels[key] !== value);
    if (lost.length === 0) return [];
    const shown = lost.map(([key, value]) => `${key}=${String(value)}`).join(', ');
    return [
      at(
        'spec.pod.labels',
        `spec.pod.labels is not part of the Galera operator's API and is ignored: the pods carry metadata.labels, so ${shown} will not be on them (selectors such as the pod anti-affinity will not see ${lost.length === 1 ? 'it' : 'them'}): set the labels you need in metadata.labels and remove spec.pod.labels`,
      ),
    ];
  },
});

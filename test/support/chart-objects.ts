// Reading what `helm template` rendered: the objects by kind, and the labels every object of mdbkit's charts
// carries (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
import { strict as assert } from 'node:assert';

export type Obj = Record<string, any>;

export const RECOMMENDED_LABELS = [
  'helm.sh/chart',
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/component',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
];

export const ofKind = (objects: Obj[], kind: string): Obj[] => objects.filter((o) => o.kind === kind);

/** The one object of a kind (and name, when given); fails the test when there are none or several. */
export function only(objects: Obj[], kind: string, name?: string): Obj {
  const found = ofKind(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  assert.equal(found.length, 1, `one ${kind}${name ? ` ${name}` : ''} expected, found ${found.length}`);
  return found[0]!;
}

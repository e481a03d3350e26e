// charts/galera as `helm template` renders it for the real-Galera tests: the pod template of its StatefulSet,
// the ConfigMaps and the Secret its volumes and environment come from. The tests run exactly this: the
// containers' commands, environment, volume mounts and probes, and the files of the ConfigMaps.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../../kinds/project-paths.js';
import { helm } from '../../support/helm.js';
import { only, type Obj } from '../../support/chart-objects.js';

export const RELEASE = 'db';
export const NAMESPACE = 'galera';

export interface RenderedGalera {
  statefulSet: Obj;
  /** The data of every ConfigMap and Secret (decoded), by object name. */
  configMaps: Map<string, Record<string, string>>;
  secrets: Map<string, Record<string, string>>;
  /** The StatefulSet's name: pods are `<name>-<ordinal>`. */
  name: string;
  replicas: number;
}

export function renderGalera(setValues: Record<string, string | number | boolean> = {}): RenderedGalera {
  const args = Object.entries(setValues).flatMap(([key, value]) => [typeof value === 'string' ? '--set-string' : '--set', `${key}=${String(value)}`]);
  const run = helm(['template', RELEASE, join(PROJECT_ROOT, 'charts', 'galera'), '--namespace', NAMESPACE, ...args]);
  assert.equal(run.status, 0, `helm template charts/galera failed:\n${run.stderr}`);
  const objects = parseAllDocuments(run.stdout)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
  const statefulSet = only(objects, 'StatefulSet');
  const configMaps = new Map<string, Record<string, string>>();
  const secrets = new Map<string, Record<string, string>>();
  for (const object of objects) {
    if (object.kind === 'ConfigMap') configMaps.set(object.metadata.name, object.data ?? {});
    if (object.kind === 'Secret') {
      const data: Record<string, string> = { ...(object.stringData ?? {}) };
      for (const [key, value] of Object.entries((object.data ?? {}) as Record<string, string>)) data[key] = Buffer.from(value, 'base64').toString('utf8');
      secrets.set(object.metadata.name, data);
    }
  }
  return { statefulSet, configMaps, secrets, name: statefulSet.metadata.name, replicas: statefulSet.spec.replicas };
}

// The defaults the MariaDB operator would otherwise apply out of sight, written into the object so users
// (and `kubectl get -o yaml`) see the Secrets, MaxScale and settings they will get. Only unset fields
// are filled, so defaulting twice equals defaulting once.
import type { KubeObject } from '../kube-object.js';
import { isObject, objectAt, setDefault, stringAt, type JsonObject } from '../object-fields.js';
import { defaultEmbeddedMaxScale } from './mariadb-embedded-maxscale.js';
import { embeddedMaxScaleName } from './mariadb-fields.js';

/** The object at `key`, created when unset; undefined when the user put something else there. */
function childToDefault(parent: JsonObject, key: string): JsonObject | undefined {
  if (parent[key] === undefined) parent[key] = {};
  const child = parent[key];
  return isObject(child) ? child : undefined;
}

function isTrue(parent: unknown, key: string): boolean {
  return isObject(parent) && parent[key] === true;
}

/** Fills the defaults into `object` (the engine's clone). A missing or mistyped spec is left to the schema. */
export function defaultMariaDB(object: KubeObject): void {
  const spec = object.spec;
  if (!isObject(spec)) return;
  const name = stringAt(object.metadata, 'name');

  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'port', 3306);

  // The operator generates these Secrets when `generate` is true; naming them here makes them visible.
  if (name !== undefined && spec.rootEmptyPassword !== true) {
    setDefault(spec, 'rootPasswordSecretKeyRef', { name: `${name}-root`, key: 'password', generate: true });
  }
  const hasPassword = spec.passwordSecretKeyRef !== undefined || spec.passwordHashSecretKeyRef !== undefined || spec.passwordPlugin !== undefined;
  if (name !== undefined && typeof spec.username === 'string' && spec.username !== '' && !hasPassword) {
    spec.passwordSecretKeyRef = { name: `${name}-password`, key: 'password', generate: true };
  }

  if (isTrue(spec.galera, 'enabled')) {
    const galera = spec.galera as JsonObject;
    setDefault(galera, 'sst', 'mariabackup');
    const primary = childToDefault(galera, 'primary');
    if (primary) {
      setDefault(primary, 'podIndex', 0);
      setDefault(primary, 'autoFailover', true);
    }
    setDefault(galera, 'replicaThreads', 1);
    setDefault(galera, 'availableWhenDonor', false);
  }

  // The operator points maxScaleRef at the MaxScale it creates; mariadb/maxscale-ref-conflict accepts exactly this ref.
  if (name !== undefined && isTrue(spec.maxScale, 'enabled')) {
    setDefault(spec, 'maxScaleRef', { name: embeddedMaxScaleName(name) });
  }

  // Resizing settings mean nothing for an emptyDir; the claim itself is built by the operator from size.
  const storage = objectAt(spec, 'storage');
  if (storage && storage.ephemeral !== true) {
    setDefault(storage, 'resizeInUseVolumes', true);
    setDefault(storage, 'waitForVolumeResize', true);
  }
  defaultEmbeddedMaxScale(object);
}

// An ExternalMariaDB's defaults: ExternalMariaDB.SetDefaults sets only the port (the image it leaves to the
// operator's environment, RELATED_IMAGE_MARIADB, and the server's version, which mdbkit cannot know).
import type { KubeObject } from '../kube-object.js';
import { isObject, setDefault } from '../object-fields.js';

export function defaultExternalMariaDB(object: KubeObject): void {
  if (isObject(object.spec)) setDefault(object.spec, 'port', 3306);
}

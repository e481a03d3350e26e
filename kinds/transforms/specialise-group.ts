// One schema file serves every API group of a kind (enterprise.mariadb.com and k8s.mariadb.com have
// the same shapes): the group is a parameter that only `apiVersion` and the `$id` depend on.
import { apiVersionOf, type KindDefinition } from '../kind-definition.js';
import type { JSONSchema } from '../json-schema.js';
import { SCHEMA_BASE_URI } from '../project-paths.js';

export function specialiseForGroups(def: KindDefinition, groups: string[]): JSONSchema {
  const unknown = groups.filter((g) => !def.groups.includes(g));
  if (unknown.length > 0) throw new Error(`${def.kind} is not served in ${unknown.join(', ')}`);
  const apiVersions = groups.map((g) => apiVersionOf(g, def.version));
  const current = def.schema.properties?.apiVersion ?? {};
  const { const: _c, enum: _e, ...keep } = current;
  const apiVersion: JSONSchema = apiVersions.length === 1 ? { ...keep, const: apiVersions[0] } : { ...keep, enum: apiVersions };
  const idGroup = groups.length === 1 ? groups[0] : 'all-groups';
  // Kinds of several operator versions share group, version and name: the operator version keeps $ids apart.
  const operator = def.operatorVersion ? `operator-${def.operatorVersion}/` : '';
  return {
    ...def.schema,
    $id: `${SCHEMA_BASE_URI}${idGroup}/${def.version}/${operator}${def.singular}.schema.json`,
    properties: { ...def.schema.properties, apiVersion },
  };
}

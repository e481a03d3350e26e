// Where the schema validators compiled at build time live: generator/emit-validators.ts writes one CommonJS module
// per API group, version, kind and operator version, and policies/schema-validator.ts loads the one it needs
// when it first judges that kind, so a command loads the validators of the kinds it meets and no others.
import type { KindDefinition } from './kind-definition.js';

export const VALIDATORS_DIR = 'generated/validators';

/**
 * `<group>/<version>/<plural>.cjs`, with the operator version as a folder for the operators' kinds
 * (`k8s.mariadb.com/v1alpha1/26.6/maxscales.cjs`); relative to the validators folder.
 */
export function validatorModuleFile(group: string, definition: Pick<KindDefinition, 'version' | 'plural' | 'operatorVersion'>): string {
  const folder = definition.operatorVersion ? `${group}/${definition.version}/${definition.operatorVersion}` : `${group}/${definition.version}`;
  return `${folder}/${definition.plural}.cjs`;
}

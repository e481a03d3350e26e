// Group prefix (client-node adds it when two API groups share a kind, e.g. CoreV1ResourceClaim) and version prefix.
const GROUP_VERSION_PREFIX = /^(?:[A-Z][a-z]+)*V[0-9]+(?:(?:alpha|beta)[0-9]+)?(?=[A-Z])/;

/** V1Toleration → Toleration: CRD authors know Kubernetes kinds by name, not by client class. */
export function definitionNameOf(className: string): string {
  const name = className.replace(GROUP_VERSION_PREFIX, '');
  if (name === className) {
    throw new Error(`${className} has no version prefix to strip`);
  }
  return name;
}

/** Two classes stripped to one name would silently share a definition; refuse instead. */
export function assertNoNameCollision(names: Map<string, string>, className: string): string {
  const name = definitionNameOf(className);
  const existing = names.get(name);
  if (existing !== undefined && existing !== className) {
    throw new Error(`definition name collision: ${existing} and ${className} both become ${name}`);
  }
  names.set(name, className);
  return name;
}

// The folders `mdbkit generate` owns: every file in them is generated, so a file there that the
// generator no longer makes is stale and is removed (and the freshness test fails on it).
export const GENERATED_ROOTS = [
  'charts/mdbkit-crds',
  'charts/mariadb-cluster',
  'charts/mdbkit-webhook',
  'charts/galera',
  'generated/crds',
  'generated/ide-schemas',
  'generated/schemas',
  'generated/validators',
  'types/generated',
] as const;

export function isUnderGeneratedRoot(path: string): boolean {
  return GENERATED_ROOTS.some((root) => path === root || path.startsWith(`${root}/`));
}

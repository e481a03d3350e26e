// A field the chosen operator version does not have, but another version does, is not a typo: it was added
// or removed by the operator. Such findings say so, with the versions that have it, so a user can lint a
// manifest against the operator they are about to upgrade to (spec.maxScale left MariaDB in 25.10.3).
import { fieldPaths } from '../kinds/field-paths.js';
import type { KindDefinition, ServedKind } from '../kinds/kind-definition.js';
import { compareOperatorVersions } from '../kinds/operator-versions.js';
import type { FieldError } from './field-error.js';

export const NOT_IN_VERSION_RULE = 'schema/not-in-operator-version';

const pathsOf = new WeakMap<KindDefinition, ReadonlySet<string>>();

function knownPaths(definition: KindDefinition): ReadonlySet<string> {
  let paths = pathsOf.get(definition);
  if (!paths) {
    paths = new Set(fieldPaths(definition.schema).map((f) => f.path));
    pathsOf.set(definition, paths);
  }
  return paths;
}

/** `spec.servers[2].name` → `spec.servers[].name`; map keys (`[app.kubernetes.io/name]`) → `.*`. */
export function schemaShapeOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]').replace(/\[[^\]]*\]/g, (m) => (m === '[]' ? m : '.*'));
}

export function versionNotes(findings: FieldError[], served: ServedKind, every: readonly ServedKind[]): FieldError[] {
  const chosen = served.definition.operatorVersion!;
  return findings.map((finding) => {
    if (finding.rule !== 'schema/unknown-field') return finding;
    const shape = schemaShapeOf(finding.path);
    const having = every
      .filter((other) => other.definition !== served.definition && knownPaths(other.definition).has(shape))
      .map((other) => other.definition.operatorVersion!)
      .sort(compareOperatorVersions);
    if (having.length === 0) return finding;
    const newer = having.filter((v) => compareOperatorVersions(v, chosen) > 0);
    const older = having.filter((v) => compareOperatorVersions(v, chosen) < 0);
    const change =
      older.length > 0 && newer.length === 0
        ? `it was removed after operator ${older[older.length - 1]}`
        : newer.length > 0 && older.length === 0
          ? `it was added in operator ${newer[0]}`
          : `operator ${having.join(', ')} ${having.length === 1 ? 'has' : 'have'} it`;
    const note = served.definition.fieldNotes?.[shape];
    return {
      ...finding,
      rule: NOT_IN_VERSION_RULE,
      message: `not a field of ${served.definition.kind} in mariadb-operator ${chosen} (${served.group}): ${change}${note ? `; ${note}` : ''}. Lint for another version with --operator-version.`,
    };
  });
}

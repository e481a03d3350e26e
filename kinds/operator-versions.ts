// Which mariadb-operator release each API group's kinds follow (schemas/operator-versions.json), and the
// user's choice among them (`--operator-version`, the charts' values). A version is a release line such as
// 26.6; the default of each group is what mdbkit judges when nobody chooses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Two functions of semver rather than its index, which loads all ~50 of its modules on every CLI start.
import coerce from 'semver/functions/coerce.js';
import compare from 'semver/functions/compare.js';
import { isSchemaObject } from './json-schema.js';
import { SCHEMAS_DIR } from './project-paths.js';

export const OPERATOR_VERSIONS_FILE = 'operator-versions.json';

export interface OperatorGroup {
  group: string;
  default: string;
  /** Oldest first. */
  versions: string[];
}

export interface OperatorVersions {
  /** The group mdbkit's policies name the operators' kinds by, whatever groups a version is served in. */
  policyGroup: string;
  /** Version → imported release tag, oldest first. */
  tags: Map<string, string>;
  groups: Map<string, OperatorGroup>;
  /** Per kind, what to do instead of a field some version lacks (`spec.maxScale` → use a MaxScale resource). */
  fieldNotes: Map<string, Record<string, string>>;
}

/** The operator version chosen for each operator group; groups not named keep their default. */
export type OperatorVersionChoice = ReadonlyMap<string, string>;

export class OperatorVersionError extends Error {}

export function compareOperatorVersions(a: string, b: string): number {
  return compare(asSemver(a), asSemver(b));
}

/** `26.6` → `26.6.0`, so that ranges such as `>=26.0` can be asked of a version line. */
export function asSemver(version: string): string {
  const coerced = coerce(version);
  if (!coerced) throw new OperatorVersionError(`"${version}" is not an operator version such as 26.6`);
  return coerced.version;
}

export function readOperatorVersions(dir: string = SCHEMAS_DIR): OperatorVersions {
  const file = join(dir, OPERATOR_VERSIONS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new OperatorVersionError(`schemas/${OPERATOR_VERSIONS_FILE}: ${(err as Error).message}`);
  }
  const fail = (what: string): never => {
    throw new OperatorVersionError(`schemas/${OPERATOR_VERSIONS_FILE}: ${what}`);
  };
  if (!isSchemaObject(raw) || typeof raw.policyGroup !== 'string' || !isSchemaObject(raw.versions) || !isSchemaObject(raw.groups)) {
    return fail('needs policyGroup, versions and groups');
  }
  const tags = new Map<string, string>();
  for (const version of Object.keys(raw.versions).sort(compareOperatorVersions)) {
    const tag = raw.versions[version];
    if (typeof tag !== 'string') fail(`versions.${version} must name a release tag`);
    tags.set(version, tag as string);
  }
  const groups = new Map<string, OperatorGroup>();
  for (const [group, entry] of Object.entries(raw.groups)) {
    if (!isSchemaObject(entry) || typeof entry.default !== 'string' || !Array.isArray(entry.versions)) fail(`groups.${group} needs default and versions`);
    const { default: chosen, versions } = entry as { default: string; versions: unknown[] };
    for (const v of versions) if (typeof v !== 'string' || !tags.has(v)) fail(`groups.${group}: version ${String(v)} is not under versions`);
    if (!versions.includes(chosen)) fail(`groups.${group}: the default ${chosen} is not among its versions`);
    groups.set(group, { group, default: chosen, versions: (versions as string[]).slice().sort(compareOperatorVersions) });
  }
  const fieldNotes = new Map<string, Record<string, string>>();
  for (const [kind, notes] of Object.entries(isSchemaObject(raw.fieldNotes) ? raw.fieldNotes : {})) {
    if (!isSchemaObject(notes) || !Object.values(notes).every((n) => typeof n === 'string')) fail(`fieldNotes.${kind} must map field paths to text`);
    fieldNotes.set(kind, notes as Record<string, string>);
  }
  return { policyGroup: raw.policyGroup, tags, groups, fieldNotes };
}

/** The version a group is judged at under a choice. */
export function chosenVersion(versions: OperatorVersions, choice: OperatorVersionChoice, group: string): string | undefined {
  return choice.get(group) ?? versions.groups.get(group)?.default;
}

/**
 * Reads what users write: `26.6` (every operator group that has that version) or `k8s.mariadb.com=25.10`.
 * Unknown groups and versions are errors that list what there is.
 */
export function parseOperatorVersionChoice(versions: OperatorVersions, values: readonly string[]): Map<string, string> {
  const choice = new Map<string, string>();
  const offered = (group: OperatorGroup) => `${group.group} has ${group.versions.join(', ')}`;
  for (const raw of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')) {
    const eq = raw.indexOf('=');
    if (eq >= 0) {
      const group = raw.slice(0, eq);
      const version = raw.slice(eq + 1);
      const entry = versions.groups.get(group);
      if (!entry) throw new OperatorVersionError(`operator version "${raw}": ${group} is not an operator group (${[...versions.groups.keys()].join(', ')})`);
      if (!entry.versions.includes(version)) throw new OperatorVersionError(`operator version "${raw}": ${offered(entry)}`);
      choice.set(group, version);
      continue;
    }
    const having = [...versions.groups.values()].filter((g) => g.versions.includes(raw));
    if (having.length === 0) {
      throw new OperatorVersionError(`operator version "${raw}" is not one mdbkit knows: ${[...versions.groups.values()].map(offered).join('; ')}`);
    }
    for (const group of having) choice.set(group.group, raw);
  }
  return choice;
}

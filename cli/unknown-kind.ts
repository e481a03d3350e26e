// A document that claims one of mdbkit's API groups but names a kind or version that group does not serve:
// `kind: Maxscale`, `apiVersion: enterprise.mariadb.com/v1`. Skipping it as "some other kind" would let a typo
// pass a CI run unchecked (and fail later at kubectl apply with "no matches for kind"), so it is an error with
// the nearest name the group does have. A kind the group has only at another operator version is not this
// finding: the run reports that one as schema/kind-not-in-operator-version.
import { closestName } from '../policies/closest-name.js';
import { UNKNOWN_KIND } from '../policies/document-rules.js';
import type { FieldError } from '../policies/field-error.js';
import { groupOf } from '../policies/kube-object.js';
import type { PolicyEngine } from '../policies/policy-engine.js';

/**
 * Groups mdbkit checks only a few kinds of: KubeDB's kubedb.com also serves MySQL, Postgres, Redis and more, and
 * AppsCode's and KubeSlice's groups many kinds besides PlacementPolicy and SliceConfig. There only a near miss of a
 * kind mdbkit checks (`Mariadb`) is reported; another kind or version is somebody else's and passes as not checked.
 * The MariaDB operators' groups and the Galera operator's sql.databases are theirs alone: anything unknown is wrong.
 */
const SHARED_GROUPS: ReadonlySet<string> = new Set(['kubedb.com', 'apps.k8s.appscode.com', 'controller.kubeslice.io']);

/** What a group serves: its versions, and each version's kinds. */
type GroupKinds = Map<string, Set<string>>;

/** Every API group mdbkit has a schema for, with its versions and kinds (at the chosen operator versions). */
export function servedGroups(engine: PolicyEngine): Map<string, GroupKinds> {
  const groups = new Map<string, GroupKinds>();
  for (const { group, definition } of engine.schemas.servedKinds()) {
    const versions = groups.get(group) ?? new Map<string, Set<string>>();
    versions.set(definition.version, (versions.get(definition.version) ?? new Set()).add(definition.kind));
    groups.set(group, versions);
  }
  return groups;
}

/**
 * The finding for an apiVersion and kind in one of mdbkit's groups that the group does not serve, or undefined
 * (a served kind, or a group mdbkit does not own). `groups` is servedGroups(engine), computed once per run.
 */
export function unknownKindError(apiVersion: string, kind: string, groups: ReadonlyMap<string, GroupKinds>): FieldError | undefined {
  const group = groupOf(apiVersion);
  const versions = groups.get(group);
  if (!versions) return undefined;
  const version = apiVersion.slice(group.length + 1);
  const kindsAtVersion = versions.get(version);
  if (kindsAtVersion?.has(kind)) return undefined;
  const shared = SHARED_GROUPS.has(group);
  if (shared && (!kindsAtVersion || closestName(kind, kindsAtVersion) === undefined)) return undefined;
  const error = (path: string, message: string): FieldError => ({
    path,
    rule: UNKNOWN_KIND.id,
    severity: UNKNOWN_KIND.severity,
    reason: UNKNOWN_KIND.reason,
    message,
  });
  const everyKind = new Set([...versions.values()].flatMap((kinds) => [...kinds]));
  if (!kindsAtVersion) {
    // The version is wrong: name the version that serves this kind (or the kind it is a near miss of), else
    // the group's only version, else the nearest version by name.
    const kindMeant = everyKind.has(kind) ? kind : closestName(kind, everyKind);
    const serving = kindMeant === undefined ? undefined : [...versions].find(([, kinds]) => kinds.has(kindMeant))?.[0];
    const meant = serving ?? (versions.size === 1 ? [...versions.keys()][0] : closestName(version, versions.keys()));
    const known = [...versions.keys()].map((v) => `${group}/${v}`).join(', ');
    const alsoKind = kindMeant !== undefined && kindMeant !== kind ? ` with kind ${kindMeant}` : '';
    return error('apiVersion', `unknown version "${apiVersion}": ${group} serves ${known}${meant ? `; did you mean ${group}/${meant}${alsoKind}?` : ''}`);
  }
  const meant = closestName(kind, kindsAtVersion) ?? closestName(kind, everyKind);
  const elsewhere = meant && !kindsAtVersion.has(meant) ? [...versions].find(([, kinds]) => kinds.has(meant))?.[0] : undefined;
  const hint = meant
    ? `; did you mean ${meant}${elsewhere ? ` (apiVersion ${group}/${elsewhere})` : ''}?`
    : `; it has ${[...kindsAtVersion].sort().join(', ')}`;
  return error('kind', `unknown kind "${kind}" in ${apiVersion}${hint}`);
}

// The Galera operator reads the MariaDB version from the image tag ([repository]/[product]:[version][option],
// such as sebs42/mariadb:10.4.12-bionic) and rolls an update out only when it is higher than the running one:
// https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/controllers/cluster/galera_upgrade_config_control.go
// The operator compares the parts as text ("10" < "9"), so these helpers compare them as numbers: 10.4 is above 9.6.

export interface ImageReference {
  /** Registry and repository, such as docker.io/sebs42/mariadb or registry:5000/mariadb. */
  repository: string;
  tag?: string;
  /** The `sha256:...` after `@`. */
  digest?: string;
}

/** A version as the operator reads it from a tag: MAJOR.MINOR.PATCH, then an optional `-option`. */
export interface ImageVersion {
  major: number;
  minor: number;
  patch: number;
  /** What follows the three numbers (`-bionic`); the operator ignores it when comparing. */
  suffix: string;
  /** MAJOR.MINOR.PATCH as written. */
  core: string;
}

/** Splits an image reference; the tag is the part after the last ':' that follows the last '/' (a registry port is not a tag). */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const beforeDigest = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const slash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    repository: hasTag ? beforeDigest.slice(0, colon) : beforeDigest,
    ...(hasTag ? { tag: beforeDigest.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

// Semantic version numbers without leading zeros, then the operator's "option" (a Docker tag allows no '+').
const VERSION_TAG = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z][0-9A-Za-z._-]*)?$/;

/** The version of a tag such as 10.4.12 or 10.4.12-bionic; undefined for anything else. */
export function parseVersionTag(tag: string): ImageVersion | undefined {
  const match = VERSION_TAG.exec(tag);
  if (!match) return undefined;
  const [, major, minor, patch, suffix] = match;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), suffix: suffix ?? '', core: `${major}.${minor}.${patch}` };
}

/** The version of an image's tag, or undefined when the image has no semantic version tag. */
export function imageVersion(image: string): ImageVersion | undefined {
  const { tag } = parseImageReference(image);
  return tag === undefined ? undefined : parseVersionTag(tag);
}

/** -1, 0 or 1 as a is below, equal to or above b, numerically part by part; suffixes do not count. */
export function compareVersions(a: ImageVersion, b: ImageVersion): -1 | 0 | 1 {
  return compareDottedNumbers(a.core, b.core);
}

/**
 * Compares dotted numbers of any length numerically (10.4 > 9.6, 10.11 > 10.6); a missing part counts as 0,
 * so 10.4 equals 10.4.0. Both strings must be digits and dots only.
 */
export function compareDottedNumbers(a: string, b: string): -1 | 0 | 1 {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? 0;
    const r = right[i] ?? 0;
    if (l !== r) return l < r ? -1 : 1;
  }
  return 0;
}

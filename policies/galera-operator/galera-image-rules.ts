// The MariaDB image of a Galera: the operator reads MAJOR.MINOR.PATCH from its tag to tell an upgrade from a
// downgrade, and only ever rolls forward, so an image without a version tag breaks rolling upgrades and a
// lower version on update risks the data files.
// https://github.com/Orange-OpenSource/galera-operator/blob/master/pkg/controllers/cluster/galera_upgrade_config_control.go
import { valueAtPath } from '../immutable-fields.js';
import { objectAt, stringAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { GALERA } from './galera-kind.js';
import { compareVersions, imageVersion, parseImageReference, parseVersionTag } from './image-version.js';

/** Why an image cannot be read for a version, in the words of a finding; undefined when its tag is a semantic version. */
export function imageTagProblem(image: string): string | undefined {
  const { repository, tag, digest } = parseImageReference(image);
  const example = `${repository}:10.4.12`;
  if (tag === undefined && digest !== undefined) {
    return `a digest carries no version, and the operator reads MAJOR.MINOR.PATCH from the tag to tell an upgrade from a downgrade: write a version tag before the digest, such as ${example}@${digest}`;
  }
  if (tag === undefined || tag.toLowerCase() === 'latest') {
    const which = tag === undefined ? 'no tag means latest, which' : 'latest';
    return `${which} is not a version: the operator cannot tell an upgrade from a downgrade, and each pod that restarts pulls whatever latest is then: pin a semantic version tag such as ${example}`;
  }
  if (parseVersionTag(tag) === undefined) {
    return `tag "${tag}" is not a semantic version: the operator reads MAJOR.MINOR.PATCH from the tag, optionally followed by -option: use a tag such as ${example} or ${example}-bionic`;
  }
  return undefined;
}

export const imageTagNotSemver = defineRule({
  id: 'galera/image-tag-not-semver',
  kinds: [GALERA],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.pod.image has no semantic version tag (a digest only, latest, no tag, or a tag such as 10.4).',
  why: 'The operator reads MAJOR.MINOR.PATCH from the tag to decide whether a change is an upgrade; without it rolling upgrades cannot work, and latest changes under you whenever a pod restarts.',
  fix: 'Use a tag such as sebs42/mariadb:10.4.12 or :10.4.12-bionic; a digest may follow the tag to pin it (:10.4.12@sha256:...).',
  check({ spec, at }) {
    const image = stringAt(objectAt(spec, 'pod'), 'image');
    // Missing or mistyped: the schema's finding.
    if (image === undefined || image === '') return [];
    const problem = imageTagProblem(image);
    return problem ? [at('spec.pod.image', `Invalid value: ${JSON.stringify(image)}: ${problem}`)] : [];
  },
});

export const imageDowngrade = defineRule({
  id: 'galera/image-downgrade',
  noCelTwin: "compares the image with the stored object's and orders the versions numerically, which CEL cannot do on a version inside a string",
  kinds: [GALERA],
  on: ['UPDATE'],
  severity: 'error',
  reason: 'FieldValueForbidden',
  what: 'An update sets spec.pod.image to a lower MariaDB version than the current one.',
  why: 'The operator only rolls forward, and an older MariaDB is not guaranteed to read data files a newer one has written: a downgrade in place risks the data.',
  fix: 'Keep the current version or a higher one; to go back, restore a backup into a new Galera that uses the older image.',
  check({ object, ctx, at }) {
    const before = valueAtPath(ctx.oldObject, 'spec.pod.image');
    const after = valueAtPath(object, 'spec.pod.image');
    if (typeof before !== 'string' || typeof after !== 'string') return [];
    const from = imageVersion(before);
    const to = imageVersion(after);
    // An unreadable version is the tag rule's finding, on whichever object has it.
    if (!from || !to || compareVersions(to, from) >= 0) return [];
    return [
      at(
        'spec.pod.image',
        `Forbidden: version ${to.core} is lower than the current ${from.core} (${before}): the Galera operator only upgrades in place, and an older MariaDB may not read data files a newer one wrote: keep ${from.core} or higher, or restore a backup into a new Galera that uses ${after}`,
      ),
    ];
  },
});

// Generated files that are costly to make (ajv's compiled validators, the prettier-formatted types, the CRDs'
// YAML) are a pure function of their input: each records the digest of its input on its first line, and a run
// whose input has the same digest takes the file on disk as it is instead of making it again. Tests make them
// afresh and compare bytes (validators.test.ts, types.test.ts, crds.test.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../kinds/project-paths.js';

export const DIGEST_MARK = 'input sha256 ';

/** Where a reusing emitter finds what is on disk now: the file at a path of the project, if there is one. */
export type PreviousFile = (path: string) => string | undefined;

/** The file at a path of the project (committed, or the build's last output), if there is one. */
export function fileOnDisk(path: string): string | undefined {
  const file = join(PROJECT_ROOT, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** sha256 of the input as JSON: everything the output depends on (schema, options, library versions). */
export function digestOf(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/** The digest a file's first line records, if it records one. */
export function recordedDigest(contents: string | undefined): string | undefined {
  const firstLine = contents?.slice(0, contents.indexOf('\n'));
  const at = firstLine?.lastIndexOf(DIGEST_MARK) ?? -1;
  return at >= 0 ? firstLine!.slice(at + DIGEST_MARK.length).replace(/[.\s]+$/, '') : undefined;
}

/** The file now at `path` when it was made from the same input, else undefined (make it). */
export function reusable(previous: PreviousFile | undefined, path: string, digest: string): string | undefined {
  const contents = previous?.(path);
  return contents !== undefined && recordedDigest(contents) === digest ? contents : undefined;
}

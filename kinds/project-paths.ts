// Where the project's folders are, found from this module's own location so that the same code works
// when run from source (tsx) and when compiled into dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mdbkit') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`mdbkit: cannot find the project root above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const SCHEMAS_DIR = join(PROJECT_ROOT, 'schemas');

/**
 * Whether mdbkit runs from a checkout of its sources rather than an installed package: only a checkout has
 * tsconfig.json (the package ships the built code, not the build).
 */
export function isSourceCheckout(root: string = PROJECT_ROOT): boolean {
  return existsSync(join(root, 'tsconfig.json'));
}

/** Every schema's `$id` lives under this base, mirroring its path below `schemas/`. */
export const SCHEMA_BASE_URI = 'https://mdbkit.dev/schemas/';

/** The package version, which the generated charts carry as version and appVersion. */
export function projectVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The project's repository as a browsable https URL, from package.json's repository.url ("git+https://…/x.git"). */
export function projectRepositoryUrl(): string {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { repository?: { url?: string } | string };
  const raw = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (!raw) throw new Error(`${join(PROJECT_ROOT, 'package.json')}: no repository.url; the charts name it as their source`);
  return raw.replace(/^git\+/, '').replace(/\.git$/, '');
}

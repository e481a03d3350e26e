// The name, version and home of the tool, as reporters state them (SARIF's tool.driver, --version).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../kinds/project-paths.js';

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

interface PackageJson {
  version?: string;
  homepage?: string;
  repository?: string | { url?: string };
}

// package.json names no homepage yet; the npm page is where `npx mdbkit` users find the package.
const FALLBACK_URI = 'https://www.npmjs.com/package/mdbkit';

let cached: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const home = pkg.homepage ?? repository?.replace(/^git\+/, '').replace(/\.git$/, '');
  cached = { name: 'mdbkit', version: pkg.version ?? '0.0.0', informationUri: home && /^https?:\/\//.test(home) ? home : FALLBACK_URI };
  return cached;
}

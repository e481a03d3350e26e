import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ClientNodePackage {
  version: string;
  modelsDir: string;
}

/** Locates the installed @kubernetes/client-node, the only offline copy of the Kubernetes OpenAPI models. */
export async function locateClientNodePackage(): Promise<ClientNodePackage> {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('@kubernetes/client-node/package.json');
  const packageJson = JSON.parse(await readFile(packageJsonPath, 'utf8')) as { version?: unknown };
  if (typeof packageJson.version !== 'string') {
    throw new Error(`${packageJsonPath} has no version`);
  }
  return {
    version: packageJson.version,
    modelsDir: path.join(path.dirname(packageJsonPath), 'dist', 'gen', 'models'),
  };
}

// Regenerates schemas/_common/k8s.schema.json from the installed @kubernetes/client-node models.
import { rename, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildK8sDefinitionsSchema, renderK8sDefinitionsSchema } from './build-k8s-definitions-schema.js';

const K8S_SCHEMA_PATH = fileURLToPath(new URL('../../schemas/_common/k8s.schema.json', import.meta.url));

/** Writes a temp file beside the target and renames it, so a failure never leaves a half-written schema. */
async function writeAtomically(filePath: string, contents: string): Promise<void> {
  const tempPath = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}.tmp`);
  try {
    await writeFile(tempPath, contents, 'utf8');
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}

async function main(): Promise<void> {
  const build = await buildK8sDefinitionsSchema();
  const contents = renderK8sDefinitionsSchema(build.schema);
  await writeAtomically(K8S_SCHEMA_PATH, contents);
  const count = Object.keys(build.schema.definitions ?? {}).length;
  console.log(
    `wrote ${path.relative(process.cwd(), K8S_SCHEMA_PATH)}: ${count} definitions, ${Buffer.byteLength(contents)} bytes (Kubernetes ${build.kubernetesVersion})`,
  );
}

await main();

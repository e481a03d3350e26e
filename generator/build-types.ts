// `npm run build` step one: the TypeScript types the code compiles against, made from schemas/.
import { emitTypes } from './emit-types.js';
import { loadSchemas } from '../kinds/load-schemas.js';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { writeFiles } from './write-files.js';

try {
  const files = await emitTypes(loadSchemas());
  writeFiles(PROJECT_ROOT, files);
  console.log(`mdbkit: wrote ${files.length} type files`);
} catch (err) {
  console.error(`mdbkit: cannot build the types: ${(err as Error).message}`);
  process.exitCode = 1;
}

// `npm run build` step one: the TypeScript types the code compiles against, made from schemas/.
import { emitTypesReusingOnDisk } from './emit-types.js';
import { loadSchemas } from '../kinds/load-schemas.js';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { writeFiles } from './write-files.js';

try {
  const files = await emitTypesReusingOnDisk(loadSchemas());
  const written = writeFiles(PROJECT_ROOT, files);
  // Silent when the types are current: `npm start` and `npm run build` then print nothing for this step.
  if (written > 0) console.log(`mdbkit: wrote ${written} of ${files.length} type files`);
} catch (err) {
  console.error(`mdbkit: cannot build the types: ${(err as Error).message}`);
  process.exitCode = 1;
}

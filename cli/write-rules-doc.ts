// `npm run docs`: writes docs/rules.md from the rule catalog.
import { emitRulesDoc } from './rules-doc.js';
import { PROJECT_ROOT } from '../kinds/project-paths.js';
import { writeFiles } from '../generator/write-files.js';

try {
  writeFiles(PROJECT_ROOT, [emitRulesDoc()]);
  console.log('mdbkit: wrote docs/rules.md');
} catch (err) {
  console.error(`mdbkit: cannot write the docs: ${(err as Error).message}`);
  process.exitCode = 1;
}

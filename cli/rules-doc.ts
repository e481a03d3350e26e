// docs/rules.md: the rule catalog as the README links it, made from the same catalog `mdbkit rules`
// prints, so the document cannot drift from the rules.
import { rulesMarkdown } from './commands/rules.js';
import { knownRules } from './rule-descriptions.js';
import { GENERATED_HEADER, type OutputFile } from '../generator/output-file.js';
import '../policies/registry.js';

export const RULES_DOC = 'docs/rules.md';

export function emitRulesDoc(): OutputFile {
  const rules = knownRules();
  const intro = [
    `<!-- ${GENERATED_HEADER}: made by \`npm run docs\` from the rule catalog (\`mdbkit rules --format markdown\`). -->`,
    '',
    '# mdbkit rules',
    '',
    `Every finding \`mdbkit lint\` (and, later, the admission webhook) can report: ${rules.length} rules. An error fails`,
    'the lint (exit 1) and will be denied at admission; a warning is reported and allowed. `schema/<keyword>` rules',
    'come from the JSON Schemas; the others from the policies in `policies/`.',
    '',
  ].join('\n');
  return { path: RULES_DOC, contents: `${intro}\n${rulesMarkdown(rules)}` };
}

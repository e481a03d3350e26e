// docs/rules.md: the rule catalog as the README links it, written by `mdbkit generate` from the rule units
// (the same list `mdbkit rules` prints), so the document cannot drift from the rules.
import { GENERATED_HEADER, type OutputFile } from '../../generator/output-file.js';
import type { PolicyEngine } from '../../policies/policy-engine.js';
import { ruleEntries, rulesMarkdown } from './rules.js';

export const RULES_DOC = 'docs/rules.md';

export function emitRulesDoc(engine: PolicyEngine): OutputFile {
  const rules = ruleEntries(engine);
  const intro = [
    `<!-- ${GENERATED_HEADER}: made by \`mdbkit generate\` from the rule units (\`mdbkit rules --output markdown\`). -->`,
    '',
    '# mdbkit rules',
    '',
    `Every finding \`mdbkit lint\` and the admission webhook can report: ${rules.length} rules. An error fails the lint`,
    '(exit 1) and is denied at admission; a warning is reported and allowed. `schema/<keyword>` rules come from the',
    "JSON Schemas, `yaml/*`, `input/*`, `document/*` and `mdbkit/*` from the linter, the others from each kind's folder in `policies/`.",
    'Rules marked "UPDATE only" compare an update with the stored object. Any rule can be switched off or re-graded',
    'in `.mdbkit.yaml`, skipped for one object with the `mdbkit.dev/skip-rules` annotation (lint only), or switched',
    "off in the webhook with the chart's `disabledRules`. The last column says whether the kind's CRD refuses the same",
    'objects with a CEL rule of its own (x-kubernetes-validations), so the rule holds while no webhook runs, and',
    'where; or why it cannot (it reads the cluster or the stored object, is a warning, or needs what CEL lacks).',
    '',
  ].join('\n');
  return { path: RULES_DOC, contents: `${intro}\n${rulesMarkdown(rules)}` };
}

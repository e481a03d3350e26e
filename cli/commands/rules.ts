// `mdbkit rules`: every rule a lint finding can carry, with what it catches, why and how to fix it;
// the markdown form is what the README's rule table is made from.
import { UsageError } from '../cli-error.js';
import type { Command } from '../command.js';
import { knownRules, type RuleDescription } from '../rule-descriptions.js';

const RULE_FORMATS = ['text', 'json', 'markdown'] as const;

const HELP = `Usage: mdbkit rules [options]

Lists every rule mdbkit lint can report: the policies' rules for MariaDB, MaxScale and Connection, the
schema check's rules (schema/<keyword>) and the linter's own (yaml/syntax), each with its id, severity,
what it catches, why it matters and how to fix a finding.

Options:
  -f, --format <format>     text (default), json (an array of {id, severity, what, why, fix}) or markdown
                            (a table)
  -h, --help                show this help
`;

export function rulesText(rules: readonly RuleDescription[]): string {
  return rules.map((r) => `${r.id} (${r.severity})\n  What: ${r.what}\n  Why:  ${r.why}\n  Fix:  ${r.fix}\n`).join('\n');
}

export function rulesJson(rules: readonly RuleDescription[]): string {
  return `${JSON.stringify(rules.map(({ id, severity, what, why, fix }) => ({ id, severity, what, why, fix })), null, 2)}\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function rulesMarkdown(rules: readonly RuleDescription[]): string {
  const rows = rules.map((r) => `| \`${r.id}\` | ${r.severity} | ${cell(r.what)} | ${cell(r.why)} | ${cell(r.fix)} |`);
  return ['| Rule | Severity | What | Why | Fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list every rule lint can report, with why it matters and how to fix it',
  help: HELP,
  options: { format: { type: 'string', short: 'f' } },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'rules');
    const format = (values.format as string | undefined) ?? 'text';
    if (!(RULE_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown format "${format}": use one of ${RULE_FORMATS.join(', ')}`, 'rules');
    }
    // Loading the engine imports the policies, which is what fills the catalog.
    await io.loadEngine();
    const rules = knownRules();
    io.stdout.write(format === 'json' ? rulesJson(rules) : format === 'markdown' ? rulesMarkdown(rules) : rulesText(rules));
    return 0;
  },
};

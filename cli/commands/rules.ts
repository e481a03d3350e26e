// `mdbkit rules`: every rule a finding can carry, with the kinds it applies to, what it catches, why and how to
// fix it; the markdown form is docs/rules.md. All of it read from the rule units themselves (policies/rule.ts).
import { celTwinsByRule } from '../../kinds/cel-rules.js';
import type { PolicyEngine } from '../../policies/policy-engine.js';
import type { Rule } from '../../policies/rule.js';
import { UsageError } from '../cli-error.js';
import type { Command } from '../command.js';

const RULE_FORMATS = ['text', 'json', 'markdown'] as const;

const HELP = `Usage: mdbkit rules [options]

Lists every rule mdbkit can report: each kind's rules, the schema check's rules (schema/<keyword>) and the
document rules (yaml/syntax), each with its id, severity, the kinds it applies to, what it catches, why it
matters, how to fix a finding, and whether the kind's CRD holds it without the webhook (a CEL twin, or why
not). These ids are what .mdbkit.yaml, the mdbkit.dev/skip-rules annotation and the webhook's --disable-rules
take.

Options:
  -o, --output <format>     text (default), json (an array of {id, severity, appliesTo, on, what, why,
                            fix, celTwin}) or markdown (a table)
  -h, --help                show this help
`;

/** A rule as `mdbkit rules` describes it. */
export interface RuleEntry {
  id: string;
  severity: string;
  /** `MaxScale (enterprise.mariadb.com, k8s.mariadb.com)`, or what a rule of every document applies to. */
  appliesTo: string[];
  /** The operations it judges: CREATE and UPDATE, or UPDATE only. */
  on: string[];
  what: string;
  why: string;
  fix: string;
  /** Whether the kind's CRD refuses the same objects without the webhook (a CEL twin), and where; or why not. */
  celTwin: string;
}

/** What `celTwin` says of a rule, from the CRDs' CEL rules tied to it (`x-mdbkit-rule`) or its `noCelTwin`. */
export function celTwinText(rule: Rule, twins: ReadonlyMap<string, readonly string[]>): string {
  const where = twins.get(rule.id);
  if (where) return `yes: ${where.join('; ')}`;
  if (rule.noCelTwin !== undefined) return `no: ${rule.noCelTwin}`;
  if (rule.reportedBy === 'schema') return "the CRD's OpenAPI schema holds what it can express of the JSON Schema";
  if (rule.reportedBy !== undefined) return 'not a check of the object';
  return 'none yet';
}

/** The catalog, with each rule's kinds named by the API groups that serve them. */
export function ruleEntries(engine: PolicyEngine): RuleEntry[] {
  const twins = celTwinsByRule(engine.schemas.schemas);
  const groupsOf = (group: string, kind: string) => engine.schemas.schemas.kinds.find((k) => k.sourceGroup === group && k.kind === kind)?.groups ?? [group];
  return engine.catalog().map((rule: Rule) => ({
    id: rule.id,
    severity: rule.severity,
    appliesTo:
      rule.kinds === '*'
        ? [rule.reportedBy === 'schema' ? 'every kind' : 'every document']
        : rule.kinds.map((k) => `${k.kind} (${groupsOf(k.group, k.kind).join(', ')})`),
    on: [...rule.on],
    what: rule.what,
    why: rule.why,
    fix: rule.fix,
    celTwin: celTwinText(rule, twins),
  }));
}

function onText(rule: RuleEntry): string {
  return rule.on.length === 1 ? ` ${rule.on[0]} only` : '';
}

export function rulesText(rules: readonly RuleEntry[]): string {
  return rules
    .map(
      (r) =>
        `${r.id} (${r.severity}${onText(r)})\n  Kinds: ${r.appliesTo.join('; ')}\n  What:  ${r.what}\n  Why:   ${r.why}\n  Fix:   ${r.fix}\n  CEL:   ${r.celTwin}\n`,
    )
    .join('\n');
}

export function rulesJson(rules: readonly RuleEntry[]): string {
  return `${JSON.stringify(rules, null, 2)}\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function rulesMarkdown(rules: readonly RuleEntry[]): string {
  const rows = rules.map(
    (r) =>
      `| \`${r.id}\` | ${r.severity}${onText(r)} | ${cell(r.appliesTo.join('; '))} | ${cell(r.what)} | ${cell(r.why)} | ${cell(r.fix)} | ${cell(r.celTwin)} |`,
  );
  return (
    ['| Rule | Severity | Applies to | What | Why | Fix | CEL twin in the CRD |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n'
  );
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list every rule lint can report, with why it matters and how to fix it',
  help: HELP,
  options: { output: { type: 'string', short: 'o' } },
  completions: { output: RULE_FORMATS },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'rules');
    const format = (values.output as string | undefined) ?? 'text';
    if (!(RULE_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown output format "${format}": use one of ${RULE_FORMATS.join(', ')}`, 'rules');
    }
    const rules = ruleEntries(await io.loadEngine());
    io.stdout.write(format === 'json' ? rulesJson(rules) : format === 'markdown' ? rulesMarkdown(rules) : rulesText(rules));
    return 0;
  },
};

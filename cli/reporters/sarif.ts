// For code scanning: a SARIF 2.1.0 log as GitHub accepts it (results with ruleId, level, message and a
// physical location with a repository-relative URI; the rules described in tool.driver).
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// Skipped documents are tool notifications, not results: they must not become code-scanning alerts.
// tool.driver.rules lists the rules that ran on at least one object (with how often they passed, failed and
// were skipped), so the log says what was checked; rules a config switched off or re-graded are listed as
// the invocation's ruleConfigurationOverrides.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../policies/field-error.js';
import type { RuleText } from '../../policies/rule.js';
import { namesRule } from '../../policies/rule-settings.js';
import type { Finding, LintResult, RuleTally } from '../finding.js';
import type { ToolInfo } from '../tool-info.js';
import { findingText } from './text.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** What SARIF says of a rule. */
export interface RuleDescription extends RuleText {
  id: string;
  severity: Severity;
}

export interface SarifOptions {
  /** Relative URIs are made against this folder (the repository root, when run there). */
  cwd: string;
  tool: ToolInfo;
  /** Every rule mdbkit has: where the descriptions come from. */
  rules: readonly RuleDescription[];
  /** Rules the configuration switched off, and re-graded ones. */
  overrides?: { disabled: readonly string[]; regraded: Readonly<Record<string, Severity>> };
}

/** A description for an id that is not in the catalog (never expected: findings carry catalog ids). */
function unknownRule(id: string): RuleDescription {
  return { id, severity: 'error', what: id, why: 'See the finding message.', fix: 'See the finding message.' };
}

/** A file's URI: relative with forward slashes when under cwd, else an absolute file: URL. */
export function artifactUri(file: string, cwd: string): string {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return pathToFileURL(absolute).href;
  // Per segment, so that a `#` or `?` in a file name is not read as a fragment or query.
  return rel.split(sep).map(encodeURIComponent).join('/');
}

function region(f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): Record<string, number> {
  const out: Record<string, number> = { startLine: f.line, startColumn: f.column };
  if (f.endLine !== undefined && f.endColumn !== undefined) {
    out.endLine = f.endLine;
    out.endColumn = f.endColumn;
  }
  return out;
}

function reportingDescriptor(rule: RuleDescription, tally: RuleTally | undefined) {
  return {
    id: rule.id,
    shortDescription: { text: rule.what },
    fullDescription: { text: `${rule.what} ${rule.why}`.trim() },
    help: { text: rule.fix, markdown: `**Why:** ${rule.why}\n\n**Fix:** ${rule.fix}` },
    defaultConfiguration: { level: rule.severity },
    ...(tally ? { properties: { objectsPassed: tally.passed, objectsFailed: tally.failed, objectsSkipped: tally.skipped } } : {}),
  };
}

function configurationOverrides(options: SarifOptions) {
  const { disabled = [], regraded = {} } = options.overrides ?? {};
  const off = options.rules.filter((r) => disabled.some((name) => namesRule(name, r.id)));
  return [
    ...off.map((r) => ({ descriptor: { id: r.id }, configuration: { enabled: false } })),
    ...Object.entries(regraded).map(([id, level]) => ({ descriptor: { id }, configuration: { level } })),
  ];
}

export function sarifReport(result: LintResult, options: SarifOptions): string {
  const described = new Map(options.rules.map((r) => [r.id, r]));
  const tallies = new Map(result.rules.map((t) => [t.id, t]));
  // The rules that ran on some object, then any other rule a result carries (YAML syntax, say).
  const ids = result.rules.filter((t) => t.passed + t.failed > 0).map((t) => t.id);
  for (const finding of result.findings) if (!ids.includes(finding.rule)) ids.push(finding.rule);
  const rules = ids.map((id) => described.get(id) ?? unknownRule(id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const location = (f: Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>) => ({
    physicalLocation: { artifactLocation: { uri: artifactUri(f.file, options.cwd) }, region: region(f) },
  });
  const results = result.findings.map((f) => {
    const properties: Record<string, string> = { path: f.path };
    if (f.apiVersion) properties.apiVersion = f.apiVersion;
    if (f.kind) properties.kind = f.kind;
    if (f.name) properties.name = f.name;
    return {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule)!,
      level: f.severity,
      message: { text: findingText(f) },
      locations: [location(f)],
      // The consequences a misspelt field explains (root-cause.ts), each where it points.
      ...(f.related && f.related.length > 0
        ? {
            relatedLocations: f.related.map((r, id) => ({
              id,
              ...location({ file: f.file, line: r.line, column: r.column }),
              message: { text: findingText(r) + ` [${r.rule}]` },
            })),
          }
        : {}),
      properties,
    };
  });
  const notifications = result.documents.filter((d) => d.note).map((d) => ({ level: 'note', message: { text: d.note! }, locations: [location(d)] }));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: options.tool.name,
            version: options.tool.version,
            informationUri: options.tool.informationUri,
            rules: rules.map((rule) => reportingDescriptor(rule, tallies.get(rule.id))),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications, ruleConfigurationOverrides: configurationOverrides(options) }],
        // yaml's positions count UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

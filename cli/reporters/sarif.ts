// For code scanning: a SARIF 2.1.0 log as GitHub accepts it (results with ruleId, level, message and a
// physical location with a repository-relative URI; the rules described in tool.driver).
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// Skipped documents are tool notifications, not results: they must not become code-scanning alerts.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, LintResult } from '../finding.js';
import type { RuleDescription } from '../rule-descriptions.js';
import type { ToolInfo } from '../tool-info.js';
import { findingText } from './text.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** Relative URIs are made against this folder (the repository root, when run there). */
  cwd: string;
  tool: ToolInfo;
  /** Rules listed whether or not they fired: the policies' catalog. */
  rules: readonly RuleDescription[];
  /** A description of any other rule id a result carries (schema keywords, YAML syntax). */
  describe: (id: string) => RuleDescription;
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

function reportingDescriptor(rule: RuleDescription) {
  return {
    id: rule.id,
    shortDescription: { text: rule.what },
    fullDescription: { text: `${rule.what} ${rule.why}`.trim() },
    help: { text: rule.fix, markdown: `**Why:** ${rule.why}\n\n**Fix:** ${rule.fix}` },
    defaultConfiguration: { level: rule.severity },
  };
}

export function sarifReport(result: LintResult, options: SarifOptions): string {
  const rules: RuleDescription[] = [...options.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const finding of result.findings) {
    if (!index.has(finding.rule)) {
      index.set(finding.rule, rules.length);
      rules.push(options.describe(finding.rule));
    }
  }
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
      properties,
    };
  });
  const notifications = result.documents
    .filter((d) => d.note)
    .map((d) => ({ level: 'note', message: { text: d.note! }, locations: [location(d)] }));
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
            rules: rules.map(reportingDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        // yaml's positions count UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

// For scripts: every finding with its place and object, the run's counts, and what each rule found. Fields are always
// present (null when unknown) so consumers need no existence checks.
import type { LintResult } from '../finding.js';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  path: string;
  message: string;
  apiVersion: string | null;
  kind: string | null;
  name: string | null;
  /** The findings this one is the root cause of (a misspelt field and what its absence set off); [] for none. */
  related: Array<{ line: number; column: number; severity: string; rule: string; path: string; message: string }>;
}

export interface JsonReport {
  findings: JsonFinding[];
  /** documents: objects looked at (a List's items each count); notChecked: those of kinds mdbkit does not check. */
  summary: { files: number; documents: number; notChecked: number; errors: number; warnings: number };
  /** The rules that applied to the run's objects: how many objects each passed, failed and skipped. */
  rules: Array<{ id: string; passed: number; failed: number; skipped: number }>;
}

export function jsonReport(result: LintResult): string {
  const report: JsonReport = {
    findings: result.findings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      severity: f.severity,
      rule: f.rule,
      path: f.path,
      message: f.message,
      apiVersion: f.apiVersion ?? null,
      kind: f.kind ?? null,
      name: f.name ?? null,
      related: (f.related ?? []).map(({ line, column, severity, rule, path, message }) => ({ line, column, severity, rule, path, message })),
    })),
    summary: { ...result.summary },
    rules: result.rules.map(({ id, passed, failed, skipped }) => ({ id, passed, failed, skipped })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

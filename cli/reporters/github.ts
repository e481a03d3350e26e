// For GitHub Actions: workflow commands that annotate the pull request's lines.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
// Escaping follows @actions/core's command.ts: data escapes % CR LF; properties also : and ,.
import type { LintResult } from '../finding.js';
import { findingText } from './text.js';

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubReport(result: LintResult): string {
  const lines = result.findings.map((f) => {
    const properties: Array<[string, string | number | undefined]> = [
      ['file', f.file],
      ['line', f.line],
      ['col', f.column],
      // GitHub uses columns only within one line.
      ['endLine', f.endLine === f.line ? f.endLine : undefined],
      ['endColumn', f.endLine === f.line ? f.endColumn : undefined],
      ['title', f.rule],
    ];
    const list = properties
      .filter((p): p is [string, string | number] => p[1] !== undefined)
      .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
      .join(',');
    return `::${f.severity} ${list}::${escapeData(findingText(f))}`;
  });
  const { errors, warnings, documents, files } = result.summary;
  // A plain line is an ordinary log line: the run's outcome, readable in the job log.
  lines.push(`mdbkit: ${errors} error(s), ${warnings} warning(s) in ${documents} document(s) of ${files} file(s)`);
  return `${lines.join('\n')}\n`;
}

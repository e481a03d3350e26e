// For a person at a terminal: one `file:line:column: severity: ...` line per finding, the form compilers
// use, so editors and terminals make it a link; colour only when the caller says the output is a TTY.
import type { Finding, LintResult } from '../finding.js';

export interface TextOptions {
  color: boolean;
}

const ANSI = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

function paint(color: boolean, style: keyof typeof ANSI, text: string): string {
  return color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

/** `path: message`, or the message alone for a finding about the whole document. */
export function findingText(finding: Pick<Finding, 'path' | 'message'>): string {
  return finding.path ? `${finding.path}: ${finding.message}` : finding.message;
}

export function formatFindingLine(finding: Finding, color = false): string {
  const where = paint(color, 'bold', `${finding.file}:${finding.line}:${finding.column}:`);
  const severity = paint(color, finding.severity === 'error' ? 'red' : 'yellow', `${finding.severity}:`);
  return `${where} ${severity} ${findingText(finding)} ${paint(color, 'dim', `[${finding.rule}]`)}`;
}

/** A note on stderr; `where` is `file:line:column` or just a folder. */
export function formatNoteLine(where: string, note: string, color = false): string {
  return `${paint(color, 'bold', `${where}:`)} ${paint(color, 'cyan', 'note:')} ${note}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function textReport(result: LintResult, options: TextOptions = { color: false }): string {
  const lines = result.findings.map((f) => formatFindingLine(f, options.color));
  const { errors, warnings, documents, files, notChecked } = result.summary;
  // Documents of other kinds are counted, not listed: a helm template output would bury the findings in notes.
  const scope = `${plural(documents, 'document')} in ${plural(files, 'file')}${notChecked > 0 ? ` (${notChecked} of other kinds not checked)` : ''}`;
  const problems = errors + warnings === 0 ? `no problems in ${scope}` : `${plural(errors, 'error')} and ${plural(warnings, 'warning')} in ${scope}`;
  if (lines.length > 0) lines.push('');
  lines.push(paint(options.color, errors > 0 ? 'red' : warnings > 0 ? 'yellow' : 'bold', problems));
  return `${lines.join('\n')}\n`;
}

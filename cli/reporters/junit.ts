// For CI test reports: one test suite per file and one test case per manifest, so a dashboard counts
// manifests; a manifest with error findings fails, a skipped kind is a skipped test, and warnings
// are kept in the case's output without failing it. The shape is the de-facto Ant/Jenkins JUnit XML.
import type { DocumentOutcome, Finding, LintResult } from '../finding.js';
import { formatFindingLine } from './text.js';

// XML 1.0 forbids most control characters even when escaped; a YAML message could carry one.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
}

function caseName(d: DocumentOutcome): string {
  const what = d.kind && d.name ? `${d.kind} ${d.name}` : (d.kind ?? 'document');
  return `${what} (document ${d.index + 1}${d.item === undefined ? '' : `, item ${d.item + 1}`}, line ${d.line})`;
}

function testCase(d: DocumentOutcome, findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const open = `    <testcase${attributes({ classname: d.file, name: caseName(d), file: d.file, line: d.line, time: 0 })}`;
  const body: string[] = [];
  if (d.status === 'skipped') body.push(`      <skipped${attributes({ message: d.note ?? 'skipped' })}/>`);
  if (errors.length > 0) {
    const message = errors.length === 1 ? `${errors[0]!.rule}: ${errors[0]!.message}` : `${errors.length} errors`;
    const text = errors.map((f) => formatFindingLine(f)).join('\n');
    body.push(`      <failure${attributes({ message, type: errors[0]!.rule })}>${escapeXml(text)}</failure>`);
  }
  if (warnings.length > 0) body.push(`      <system-out>${escapeXml(warnings.map((f) => formatFindingLine(f)).join('\n'))}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

export function junitReport(result: LintResult): string {
  const byDocument = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = `${f.file}\u0000${f.document ?? -1}\u0000${f.item ?? ''}`;
    byDocument.set(key, [...(byDocument.get(key) ?? []), f]);
  }
  const findingsOf = (d: DocumentOutcome) => byDocument.get(`${d.file}\u0000${d.index}\u0000${d.item ?? ''}`) ?? [];
  const failed = (d: DocumentOutcome) => findingsOf(d).some((f) => f.severity === 'error');
  const totals = { tests: 0, failures: 0, skipped: 0 };
  const suites = result.files.map((file) => {
    const documents = result.documents.filter((d) => d.file === file);
    const counts = {
      tests: documents.length,
      failures: documents.filter(failed).length,
      errors: 0,
      skipped: documents.filter((d) => d.status === 'skipped').length,
    };
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.skipped += counts.skipped;
    const cases = documents.map((d) => testCase(d, findingsOf(d)));
    const open = `  <testsuite${attributes({ name: file, ...counts, time: 0 })}`;
    return cases.length === 0 ? `${open}/>` : `${open}>\n${cases.join('\n')}\n  </testsuite>`;
  });
  const head = `<testsuites${attributes({ name: 'mdbkit lint', tests: totals.tests, failures: totals.failures, errors: 0, skipped: totals.skipped, time: 0 })}`;
  const body = suites.length === 0 ? `${head}/>` : `${head}>\n${suites.join('\n')}\n</testsuites>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}

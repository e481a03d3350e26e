// What a lint run produces: the policies' FieldErrors placed in a file at a line and column, plus what
// each reporter needs to describe the run as a whole (documents checked or skipped, and why).
import type { Severity } from '../policies/field-error.js';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what JavaScript strings and SARIF's default columnKind count). */
  column: number;
}

export interface SourceRange extends SourcePosition {
  endLine?: number;
  endColumn?: number;
}

/** The object a finding belongs to; absent when the document could not be read as one. */
export interface ObjectIdentity {
  apiVersion?: string;
  kind?: string;
  name?: string;
}

export interface Finding extends SourceRange, ObjectIdentity {
  /** The file as the user named it (forward slashes), or the stdin name. */
  file: string;
  severity: Severity;
  rule: string;
  /** The field in Kubernetes notation; '' for the document as a whole. */
  path: string;
  message: string;
  /** 0-based index of the document in its file, for reporters that group by document (JUnit). */
  document?: number;
  /** 0-based index of the item in a List document, when the finding is about one. */
  item?: number;
  /** The findings this one is the root cause of (policies/root-cause.ts), at their own places. */
  related?: RelatedFinding[];
}

/** A consequence folded into its cause: where it points and what it says. */
export interface RelatedFinding extends SourcePosition {
  severity: Severity;
  rule: string;
  path: string;
  message: string;
}

export type DocumentStatus = 'checked' | 'skipped' | 'unreadable';

/** One YAML document of the run, in input order. */
export interface DocumentOutcome extends ObjectIdentity {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** 0-based index in a List document's items, for an item linted as a document of its own. */
  item?: number;
  line: number;
  column: number;
  status: DocumentStatus;
  /** Why a document was skipped (another kind), for the note printed on stderr with --verbose. */
  note?: string;
}

export interface LintSummary {
  files: number;
  /** Objects looked at: each document, or each item of a List document. */
  documents: number;
  /** Of those, the ones of kinds mdbkit does not check (a Deployment) or not Kubernetes objects at all. */
  notChecked: number;
  errors: number;
  warnings: number;
}

/** How a rule fared over a run: the objects it passed, failed, and was skipped for. */
export interface RuleTally {
  id: string;
  passed: number;
  failed: number;
  skipped: number;
}

export interface LintResult {
  /** Every file read, in input order (files without documents included). */
  files: string[];
  documents: DocumentOutcome[];
  findings: Finding[];
  summary: LintSummary;
  /** The rules that applied to the run's objects, in catalog order (rules of no object's kind are absent). */
  rules: RuleTally[];
}

/**
 * Orders findings by input file, then document and List item, keeping the order the run gave each object's
 * findings (reading order, with a misspelt field before what it causes: lint-run.ts causeFirst), so every format
 * lists them the same way. Findings without a document (none from a lint run) keep their line order at the front.
 */
export function sortFindings(findings: readonly Finding[], files: readonly string[]): Finding[] {
  const fileOrder = new Map(files.map((file, i) => [file, i]));
  const indexed = findings.map((finding, i) => ({ finding, i }));
  return indexed
    .sort(
      (a, b) =>
        (fileOrder.get(a.finding.file) ?? Number.MAX_SAFE_INTEGER) - (fileOrder.get(b.finding.file) ?? Number.MAX_SAFE_INTEGER) ||
        (a.finding.document ?? -1) - (b.finding.document ?? -1) ||
        (a.finding.item ?? -1) - (b.finding.item ?? -1) ||
        (a.finding.document === undefined && b.finding.document === undefined ? a.finding.line - b.finding.line || a.finding.column - b.finding.column : 0) ||
        a.i - b.i,
    )
    .map(({ finding }) => finding);
}

export function summarize(files: readonly string[], documents: readonly DocumentOutcome[], findings: readonly Finding[]): LintSummary {
  return {
    files: files.length,
    documents: documents.length,
    notChecked: documents.filter((d) => d.status === 'skipped').length,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** `MaxScale "maxscale-galera" (enterprise.mariadb.com/v1alpha1)`, or the fallback for a document without a kind. */
export function describeObject({ apiVersion, kind, name }: ObjectIdentity, fallback: string): string {
  if (!kind) return fallback;
  return `${kind}${name ? ` "${name}"` : ''}${apiVersion ? ` (${apiVersion})` : ''}`;
}

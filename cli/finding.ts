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
}

export type DocumentStatus = 'checked' | 'skipped' | 'unreadable';

/** One YAML document of the run, in input order. */
export interface DocumentOutcome extends ObjectIdentity {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  line: number;
  column: number;
  status: DocumentStatus;
  /** Why a document was skipped (an unknown kind), for the note printed on stderr. */
  note?: string;
}

export interface LintSummary {
  files: number;
  documents: number;
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

/** Orders findings by input file, then line and column, so every format lists them the same way. */
export function sortFindings(findings: readonly Finding[], files: readonly string[]): Finding[] {
  const fileOrder = new Map(files.map((file, i) => [file, i]));
  return [...findings].sort(
    (a, b) =>
      (fileOrder.get(a.file) ?? Number.MAX_SAFE_INTEGER) - (fileOrder.get(b.file) ?? Number.MAX_SAFE_INTEGER) ||
      a.line - b.line ||
      a.column - b.column ||
      a.rule.localeCompare(b.rule),
  );
}

export function summarize(files: readonly string[], documents: readonly DocumentOutcome[], findings: readonly Finding[]): LintSummary {
  return {
    files: files.length,
    documents: documents.length,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** `MaxScale "maxscale-galera" (enterprise.mariadb.com/v1alpha1)`, or the fallback for a document without a kind. */
export function describeObject({ apiVersion, kind, name }: ObjectIdentity, fallback: string): string {
  if (!kind) return fallback;
  return `${kind}${name ? ` "${name}"` : ''}${apiVersion ? ` (${apiVersion})` : ''}`;
}

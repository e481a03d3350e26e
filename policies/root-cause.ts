// One typo, one finding, cause first. A misspelt field (`storage.sise`) makes the schema report the unknown name
// and, because the intended field is now missing, the schema and the kind's rules report that too
// (`storage.size` required). Read in line order the consequence comes first and the cause last; a person fixes
// the first thing they read. So a finding about the field an unknown-field finding suggests (its path is that
// field or inside it) is folded into the unknown-field finding: the cause keeps its place and the consequences
// ride along in `related` (and in its message, for formats that have only a message).
// Pure: the lint run applies it to each object's findings, and the webhook to a denial's (webhook/admission.ts).
import { fieldPath, parseFieldPath, type FieldError, type Severity } from './field-error.js';
import { suggestedFieldName } from './schema-errors.js';

export interface RootCauseError extends FieldError {
  /** The findings this one explains, in their original order; absent when it explains none. */
  related?: FieldError[];
}

const inside = (path: string, field: string) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);

/** The path an unknown-field finding suggests writing instead (`spec.storage.sise` → `spec.storage.size`). */
export function suggestedPath(error: FieldError): string | undefined {
  const name = suggestedFieldName(error);
  if (name === undefined) return undefined;
  return fieldPath([...parseFieldPath(error.path).slice(0, -1), name]);
}

/**
 * Folds each finding about a suggested field into the unknown-field finding that suggests it. `written` says
 * whether a path holds a value in the object as the user wrote it: a suggested field that is really there is
 * not missing because of the typo, so findings about it stand on their own.
 */
export function foldConsequences(errors: readonly FieldError[], written: (path: string) => boolean = () => false): RootCauseError[] {
  const causes = errors.flatMap((error) => {
    const meant = suggestedPath(error);
    return meant !== undefined && !written(meant) ? [{ error, meant }] : [];
  });
  if (causes.length === 0) return [...errors];
  const folded = new Map<FieldError, FieldError[]>();
  const consumed = new Set<FieldError>();
  for (const error of errors) {
    if (causes.some((c) => c.error === error)) continue;
    const cause = causes.find((c) => inside(error.path, c.meant));
    if (!cause) continue;
    folded.set(cause.error, [...(folded.get(cause.error) ?? []), error]);
    consumed.add(error);
  }
  return errors.flatMap((error): RootCauseError[] => {
    if (consumed.has(error)) return [];
    const related = folded.get(error);
    if (!related) return [error];
    return [
      {
        ...error,
        severity: worst([error.severity, ...related.map((r) => r.severity)]),
        message: `${error.message}; that is why: ${related.map((r) => `${r.path}: ${r.message} [${r.rule}]`).join('; ')}`,
        related,
      },
    ];
  });
}

/** The cause is as severe as the worst thing it explains: folding never turns a failing run into a passing one. */
function worst(severities: readonly Severity[]): Severity {
  return severities.includes('error') ? 'error' : 'warning';
}

/** Whether a Kubernetes field path holds a value in a plain object. */
export function hasPath(object: unknown, path: string): boolean {
  let node: unknown = object;
  for (const segment of parseFieldPath(path)) {
    if (node === null || typeof node !== 'object' || !(String(segment) in node)) return false;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return node !== undefined;
}

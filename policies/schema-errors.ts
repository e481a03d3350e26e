// Turns ajv's raw errors into FieldErrors a person can act on. ajv reports every branch of an
// `anyOf` (a quantity that is neither a number nor a well-formed string yields three errors); the
// user wants the one that explains the value they wrote, so composites are reduced to their best branch.
import type { ErrorObject } from 'ajv';
import { closestName } from './closest-name.js';
import { fieldPath, pointerSegments, type CauseReason, type FieldError } from './field-error.js';
import { schemaRuleId } from './schema-rules.js';

type AjvError = ErrorObject<string, Record<string, unknown>, unknown>;

const COMPOSITES = new Set(['anyOf', 'oneOf']);

// The API server's words for range errors ("must be less than or equal to 65535").
const COMPARISONS: Record<string, string> = {
  '<=': 'less than or equal to',
  '>=': 'greater than or equal to',
  '<': 'less than',
  '>': 'greater than',
};

function isBranchOf(error: AjvError, composite: AjvError): boolean {
  return (
    error !== composite &&
    error.schemaPath.startsWith(`${composite.schemaPath}/`) &&
    (error.instancePath === composite.instancePath || error.instancePath.startsWith(`${composite.instancePath}/`))
  );
}

function branchIndex(error: AjvError, composite: AjvError): number {
  return Number(error.schemaPath.slice(composite.schemaPath.length + 1).split('/')[0]);
}

/** Keeps, for each failed anyOf/oneOf, the errors of the branch whose type matched the value. */
function reduceComposites(errors: AjvError[]): AjvError[] {
  const dropped = new Set<AjvError>();
  const synthetic: AjvError[] = [];
  const composites = errors.filter((e) => COMPOSITES.has(e.keyword)).sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const composite of composites) {
    dropped.add(composite);
    const branches = new Map<number, AjvError[]>();
    for (const error of errors) {
      if (dropped.has(error) || !isBranchOf(error, composite)) continue;
      const index = branchIndex(error, composite);
      branches.set(index, [...(branches.get(index) ?? []), error]);
    }
    const typeMismatch = (list: AjvError[]) => list.every((e) => e.keyword === 'type' && e.instancePath === composite.instancePath);
    const matching = [...branches.values()].filter((list) => !typeMismatch(list));
    const keep = matching.sort((a, b) => a.length - b.length)[0];
    for (const list of branches.values()) for (const e of list) if (list !== keep) dropped.add(e);
    if (!keep) {
      const types = [...branches.values()].flat().map((e) => String(e.params.type));
      synthetic.push({ ...composite, keyword: 'type', params: { type: [...new Set(types)].join(' or ') } });
    }
  }
  return [...errors.filter((e) => !dropped.has(e)), ...synthetic];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hint(error: AjvError): string | undefined {
  const parent = error.parentSchema as { title?: unknown } | undefined;
  return typeof parent?.title === 'string' ? parent.title : undefined;
}

interface Shaped {
  segments: string[];
  reason: CauseReason;
  message: string;
}

const DID_YOU_MEAN_START = ': did you mean "';

/**
 * The field name an unknown-field finding suggests (`sise` → `size`), read back from the message built above,
 * so that the one place that words the message is also the one that knows its shape.
 */
export function suggestedFieldName(error: Pick<FieldError, 'rule' | 'message'>): string | undefined {
  if (error.rule !== schemaRuleId('additionalProperties')) return undefined;
  const at = error.message.indexOf(DID_YOU_MEAN_START);
  if (at === -1 || !error.message.endsWith('"?')) return undefined;
  return error.message.slice(at + DID_YOU_MEAN_START.length, -2);
}

function shape(error: AjvError): Shaped | undefined {
  const segments = pointerSegments(error.instancePath);
  const value = describeValue(error.data);
  const p = error.params;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closestName(name, allowed);
      return {
        segments: [...segments, name],
        reason: 'FieldValueNotFound',
        message:
          `unknown field "${name}"` +
          (suggestion
            ? `${DID_YOU_MEAN_START}${suggestion}"?`
            : allowed.length > 0
              ? `: allowed fields are ${allowed.join(', ')}`
              : ': no fields are allowed here'),
      };
    }
    case 'required':
      return { segments: [...segments, String(p.missingProperty)], reason: 'FieldValueRequired', message: 'Required value' };
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue]).map((v) => JSON.stringify(v));
      return {
        segments,
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${value}: supported value${allowed.length > 1 ? 's' : ''}: ${allowed.join(', ')}`,
      };
    }
    case 'type':
      // Name the type written, not the value: a password typed where a Secret reference belongs must not
      // end up in CI logs or kubectl's output (the API server words it the same way).
      return { segments, reason: 'FieldValueTypeInvalid', message: `Invalid value: "${jsonType(error.data)}": must be of type ${String(p.type)}` };
    case 'pattern':
    case 'format':
      return {
        segments,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${value}: must be ${hint(error) ?? (error.keyword === 'format' ? `a valid ${String(p.format)}` : `a match of ${String(p.pattern)}`)}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        segments,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${value}: must be ${COMPARISONS[String(p.comparison)] ?? String(p.comparison)} ${String(p.limit)}`,
      };
    case 'maxLength':
      return { segments, reason: 'FieldValueTooLong', message: `Too long: may not be more than ${String(p.limit)} characters` };
    case 'minLength':
      return { segments, reason: 'FieldValueInvalid', message: `Invalid value: ${value}: must be at least ${String(p.limit)} characters` };
    case 'maxItems':
    case 'maxProperties':
      return { segments, reason: 'FieldValueTooMany', message: `Too many: must have at most ${String(p.limit)} items` };
    case 'minItems':
    case 'minProperties':
      return { segments, reason: 'FieldValueRequired', message: `Required value: must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    case 'uniqueItems':
      return { segments: [...segments, String(p.j)], reason: 'FieldValueDuplicate', message: `Duplicate value: same as item ${String(p.i)}` };
    case 'if':
      // The `then` or `else` branch that failed carries the real error.
      return undefined;
    default:
      return { segments, reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${error.message ?? error.keyword}` };
  }
}

export function schemaErrorsToFieldErrors(errors: readonly AjvError[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of reduceComposites([...(errors ?? [])])) {
    const shaped = shape(error);
    if (!shaped) continue;
    const finding: FieldError = {
      path: fieldPath(shaped.segments),
      rule: schemaRuleId(error.keyword),
      severity: 'error',
      message: shaped.message,
      reason: shaped.reason,
    };
    const key = `${finding.path}\u0000${finding.rule}\u0000${finding.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(finding);
    }
  }
  return out;
}

// Readers shared by the MaxScale rules: the servers and services lists, and what repeats in them.
import type { FieldError } from '../field-error.js';
import { isObject, type JsonObject } from '../object-fields.js';

export const DEFAULT_ADMIN_PORT = 8989;

/** The object items of a list with their indexes; items of another type are the schema's finding. */
export function entries(list: unknown[] | undefined): Array<[number, JsonObject]> {
  return (list ?? []).flatMap((item, index): Array<[number, JsonObject]> => (isObject(item) ? [[index, item]] : []));
}

/** A finding at every later item whose key repeats an earlier one. */
export function duplicates(
  list: Array<[number, JsonObject]>,
  key: (item: JsonObject) => string | undefined,
  report: (index: number, value: string, first: number) => FieldError,
): FieldError[] {
  const firstIndex = new Map<string, number>();
  const out: FieldError[] = [];
  for (const [index, item] of list) {
    const value = key(item);
    if (value === undefined) continue;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else out.push(report(index, value, first));
  }
  return out;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds in a Go duration such as 1m30s or 500ms; undefined when it is not one (the schema reports that). */
export function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * DURATION_UNITS[unit!]!, 0);
}

// A GaleraBackup's schedule is a cron expression. The operator's own CRD pattern allows five fields and no
// seconds, so this reads the five-field crontab dialect Kubernetes CronJobs use (robfig/cron's standard parser):
// numbers, `*`, `a-b`, lists, `/step`, month and weekday names, `?` for a day field, and @daily-style macros.
// https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
// Why not the cron-parser package: it reads a wider dialect than Kubernetes and would pass what the API server
// refuses: an optional sixth, leading seconds field (`0 */5 * * * *`), and `L` (last day) and `#` (nth weekday)
// in the day fields. A checker must refuse exactly what the cluster refuses, and narrowing a general parser by
// pre-checks would be this file again; cron-parser's strength (next run times, time zones) is not needed here.

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** `?` means "any" in the two day fields only. */
  question?: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too, as in crontab.
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, question: true },
];

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

// Days in each month, February in a leap year: a day that exists in no chosen month never comes.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** A value of a field: a number in range or, for month and weekday, a three-letter name. */
function parseValue(text: string, field: CronField): number | string {
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    if (value < field.min || value > field.max) return `${field.name} ${text} is out of range ${field.min}-${field.max}`;
    return value;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index === -1) {
    const names = field.names ? ` or a name ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
    return `${field.name} "${text}" is not a number ${field.min}-${field.max}${names}`;
  }
  // Month names count from 1, weekday names from 0.
  return field.names === MONTHS ? index + 1 : index;
}

/** The values a field selects, or the reason it is not valid. */
function parseField(text: string, field: CronField): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') return `${field.name} "${text}" has an empty list item`;
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || range === undefined || range === '') return `${field.name} "${item}" is not a value, a range or a step`;
    let stepValue = 1;
    if (step !== undefined) {
      if (!/^[0-9]+$/.test(step) || Number(step) === 0) return `${field.name} step "${step}" must be a positive number`;
      stepValue = Number(step);
    }
    let low: number;
    let high: number;
    if (range === '*' || (range === '?' && field.question)) {
      [low, high] = [field.min, field.max];
    } else if (range === '?') {
      return `"?" is only allowed in the day-of-month and day-of-week fields, not in ${field.name}`;
    } else {
      const [from, to, more] = range.split('-');
      if (more !== undefined || from === undefined || from === '' || to === '') return `${field.name} "${range}" is not a value or a range a-b`;
      const first = parseValue(from, field);
      if (typeof first === 'string') return first;
      const last = to === undefined ? (step !== undefined ? field.max : first) : parseValue(to, field);
      if (typeof last === 'string') return last;
      if (last < first) return `${field.name} range ${range} runs backwards`;
      [low, high] = [first, last];
    }
    for (let v = low; v <= high; v += stepValue) values.add(v);
  }
  return values;
}

/**
 * Undefined when `expression` is a valid five-field cron schedule, else what is wrong with it, in words
 * that name the field ("day of month 32 is out of range 1-31").
 */
export function cronScheduleProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (trimmed === '') return 'the schedule is empty';
  if (trimmed.startsWith('@')) return MACROS.has(trimmed.toLowerCase()) ? undefined : `"${trimmed}" is not one of ${[...MACROS].join(', ')}`;
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'a time zone prefix (TZ=...) is not part of a five-field schedule';
  const parts = trimmed.split(/\s+/);
  if (parts.length === 6) return 'it has 6 fields: a seconds field is not accepted, only minute hour day-of-month month day-of-week (drop the first field)';
  if (parts.length !== 5) return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}, not the 5 of minute hour day-of-month month day-of-week`;
  const selected: Array<Set<number>> = [];
  for (const [i, field] of FIELDS.entries()) {
    const result = parseField(parts[i]!, field);
    if (typeof result === 'string') return result;
    selected.push(result);
  }
  const [, , days, months] = selected;
  // With a weekday restriction cron runs on either match, so only a day-of-month-only schedule can never run.
  const weekdaysRestricted = !/^[*?]$/.test(parts[4]!);
  if (!weekdaysRestricted && days && months) {
    const smallestDay = Math.min(...days);
    const fits = [...months].some((m) => smallestDay <= DAYS_IN_MONTH[m - 1]!);
    if (!fits) return `it never runs: no chosen month has day ${smallestDay}`;
  }
  return undefined;
}

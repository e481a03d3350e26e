// The schedules the mariadb-operator accepts for a Backup or PhysicalBackup. Its webhook parses them with
// robfig/cron v3 (v3.0.1) set to exactly five fields (minute hour day-of-month month day-of-week) and no
// descriptors, so this follows that parser, not crontab: no @daily, no seconds, 0-6 for the weekday (7 is
// refused), `?` means "any" in every field, names are case-insensitive, and a TZ=/CRON_TZ= prefix must name a
// time zone. policies/galera-operator/cron-schedule.ts reads the crontab dialect of Kubernetes CronJobs, which
// accepts what this operator refuses (@daily, 7), so it is not reused.
// https://pkg.go.dev/github.com/robfig/cron/v3#Parser

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  first?: number;
}

// What crontab's descriptors stand for, to say what to write instead.
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], first: 1 },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], first: 0 },
];

/** A non-negative integer as Go's strconv.Atoi reads it (an optional sign, decimal digits). */
function integer(text: string, field: CronField): number | string {
  if (!/^[+-]?[0-9]+$/.test(text)) return `${field.name} "${text}" is not a number${field.names ? ` or a name (${field.names.join(', ')})` : ''}`;
  const value = Number(text);
  if (value < 0) return `${field.name} ${text} is negative`;
  return value;
}

function numberOrName(text: string, field: CronField): number | string {
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + field.first! : integer(text, field);
}

interface Selection {
  values: number[];
  /** The item is `*` or `?` (with no step above 1): robfig/cron's star bit, which changes how the day fields combine. */
  star: boolean;
}

/** The values one comma-separated item of a field selects, or what is wrong with it. */
function parseItem(item: string, field: CronField): Selection | string {
  const rangeAndStep = item.split('/');
  if (rangeAndStep.length > 2) return `${field.name} "${item}" has more than one "/"`;
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end] = [field.min, field.max];
    star = true;
  } else {
    if (lowAndHigh.length > 2) return `${field.name} "${item}" has more than one "-"`;
    const low = numberOrName(lowAndHigh[0]!, field);
    if (typeof low === 'string') return low;
    start = low;
    end = low;
    if (lowAndHigh.length === 2) {
      const high = numberOrName(lowAndHigh[1]!, field);
      if (typeof high === 'string') return high;
      end = high;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = integer(rangeAndStep[1]!, { ...field, name: `${field.name} step`, names: undefined });
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    // "N/step" runs from N to the end of the field.
    if (lowAndHigh.length === 1) end = field.max;
    if (step > 1) star = false;
  }
  if (start < field.min) return `${field.name} ${start} is below ${field.min} (allowed: ${field.min}-${field.max})`;
  if (end > field.max) return `${field.name} ${end} is above ${field.max} (allowed: ${field.min}-${field.max})`;
  if (start > end) return `${field.name} range "${rangeAndStep[0]}" runs backwards`;
  if (step === 0) return `${field.name} step in "${item}" must be a positive number`;
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

export function timeZoneKnown(zone: string): boolean {
  // Go's time.LoadLocation knows these two besides the IANA database.
  if (zone === 'UTC' || zone === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface ParsedCron {
  /** Per field (minute, hour, day of month, month, day of week): the values selected, and whether a `*` or `?` did. */
  fields: Array<{ values: Set<number>; star: boolean }>;
}

/** The schedule as the mariadb-operator's cron parser reads it, or what is wrong with it. */
export function parseOperatorCron(spec: string): ParsedCron | string {
  if (spec.length === 0) return 'the schedule is empty';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    if (space === -1) return 'a TZ= prefix must be followed by a space and the five fields';
    const zone = rest.slice(rest.indexOf('=') + 1, space);
    if (!timeZoneKnown(zone)) return `"${zone}" is not a known time zone`;
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    const descriptor = rest.split(/\s/)[0]!;
    const instead = DESCRIPTORS[descriptor.toLowerCase()];
    return `the operator's parser takes no descriptors such as ${descriptor}${instead ? ` (write "${instead}" for it)` : ''}`;
  }
  const parts = rest.split(/\s+/).filter((p) => p !== '');
  if (parts.length === 6) return 'it has 6 fields: a seconds field is not accepted (drop the first field)';
  if (parts.length !== 5) return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}, not the 5 of minute hour day-of-month month day-of-week`;
  const fields: ParsedCron['fields'] = [];
  for (const [i, field] of FIELDS.entries()) {
    const selected = { values: new Set<number>(), star: false };
    // Empty items between commas are skipped, as Go's strings.FieldsFunc does.
    for (const item of parts[i]!.split(',').filter((x) => x !== '')) {
      const parsed = parseItem(item, field);
      if (typeof parsed === 'string') return parsed;
      parsed.values.forEach((v) => selected.values.add(v));
      selected.star ||= parsed.star;
    }
    fields.push(selected);
  }
  return { fields };
}

/**
 * Undefined when the mariadb-operator's cron parser accepts `spec`, else what is wrong with it, in words that name
 * the field ("day of week 7 is above 6").
 */
export function operatorCronProblem(spec: string): string | undefined {
  const parsed = parseOperatorCron(spec);
  return typeof parsed === 'string' ? parsed : undefined;
}

// Days in each month, February in a leap year.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Why a schedule the parser accepts never comes, or undefined. robfig/cron requires both day fields to match when
 * either was given as `*` or `?`, and either one otherwise; so only a day of month that no chosen month has, with a
 * `*` weekday, never comes (30 February); the parser accepts it, and its next run is never found.
 */
export function operatorCronNeverRuns(spec: string): string | undefined {
  const parsed = parseOperatorCron(spec);
  if (typeof parsed === 'string') return undefined;
  const [minutes, hours, days, months, weekdays] = parsed.fields;
  for (const [name, field] of [
    ['minute', minutes],
    ['hour', hours],
    ['day of month', days],
    ['month', months],
    ['day of week', weekdays],
  ] as const) {
    if (field!.values.size === 0) return `its ${name} field selects nothing`;
  }
  const bothNeeded = days!.star || weekdays!.star;
  if (!bothNeeded) return undefined;
  const fits = [...months!.values].some((m) => [...days!.values].some((d) => d <= DAYS_IN_MONTH[m - 1]!));
  if (fits) return undefined;
  const monthNames = [...months!.values].map((m) => FIELDS[3]!.names![m - 1]!.toUpperCase()).join(', ');
  return `no chosen month (${monthNames}) has day ${Math.min(...days!.values)}`;
}

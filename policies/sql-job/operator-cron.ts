// The cron dialect of the operator's schedules: robfig/cron v3's parser with the five standard fields and no
// @daily-style descriptors (api/v1alpha1 CronParser). It differs from crontab and from Kubernetes CronJobs:
// no macros, weekday 7 is refused, `?` means `*` in every field, empty list items are skipped, and a TZ= or
// CRON_TZ= prefix names the time zone. https://pkg.go.dev/github.com/robfig/cron/v3#Parser

interface Bounds {
  name: string;
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = Object.fromEntries(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]));
const WEEKDAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));

const FIELDS: readonly Bounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS },
];

/** strconv.Atoi as robfig calls it: an optional sign and decimal digits; negative numbers refused. */
function parseNumber(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^[+-]?[0-9]+$/.test(text)) {
    const names = bounds.names ? ` or a name (${Object.keys(bounds.names).join(', ')})` : '';
    return `${bounds.name} "${text}" is not a number${names}`;
  }
  const value = Number(text);
  if (value < 0) return `${bounds.name} ${text} is negative`;
  return value;
}

function rangeProblem(expr: string, bounds: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end] = [bounds.min, bounds.max];
  } else {
    const low = parseNumber(lowAndHigh[0]!, bounds);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = parseNumber(lowAndHigh[1]!, bounds);
      if (typeof high === 'string') return high;
      end = high;
    } else return `${bounds.name} "${expr}" has too many hyphens`;
  }
  if (rangeAndStep.length === 2) {
    const step = parseNumber(rangeAndStep[1]!, { name: `${bounds.name} step`, min: 0, max: 0 });
    if (typeof step === 'string') return step;
    if (step === 0) return `${bounds.name} step in "${expr}" must be a positive number`;
    // "N/step" runs from N to the maximum.
    if (lowAndHigh.length === 1) end = bounds.max;
  } else if (rangeAndStep.length > 2) return `${bounds.name} "${expr}" has too many slashes`;
  if (start < bounds.min) return `${bounds.name} ${start} is below the minimum ${bounds.min}`;
  if (end > bounds.max) return `${bounds.name} ${end} is above the maximum ${bounds.max}${bounds.name === 'day of week' && end === 7 ? ' (Sunday is 0)' : ''}`;
  if (start > end) return `${bounds.name} range "${expr}" runs backwards`;
  return undefined;
}

function knownTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Undefined when the operator's parser accepts `spec`, else what is wrong, naming the field. */
export function operatorCronProblem(spec: string): string | undefined {
  if (spec.length === 0) return 'the schedule is empty';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    if (space < 0) return 'a TZ= prefix must be followed by a space and the five fields';
    const zone = rest.slice(rest.indexOf('=') + 1, space);
    if (!knownTimeZone(zone)) return `time zone "${zone}" is not a known IANA time zone (e.g. Europe/Madrid)`;
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) return `descriptors such as ${rest.split(/\s/)[0]} are not accepted: write the five fields (@daily is "0 0 * * *")`;
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) {
    const seconds = fields.length === 6 ? ': a seconds field is not accepted, drop the first field' : '';
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}${seconds}`;
  }
  for (const [i, bounds] of FIELDS.entries()) {
    for (const expr of fields[i]!.split(',').filter((r) => r !== '')) {
      const problem = rangeProblem(expr, bounds);
      if (problem) return problem;
    }
  }
  return undefined;
}

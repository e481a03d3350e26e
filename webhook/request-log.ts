// The webhook's log: one JSON object per line on standard output, which is what kubectl logs, Loki and
// Cloud Logging parse without configuration. Fields are chosen by the caller from a closed set of facts
// about a request (uid, kind, name, result, rule ids, ...): an object's contents, and with them any secret
// a user put in a spec, never reach a log line.
// Why not pino: issue 14 requires every line under 8 KiB, and pino cannot bound a line's length (it writes
// whatever the fields serialise to); and pino's redaction removes named paths from whatever is logged, where
// a closed set of fields never admits an unnamed one in the first place, which is the stricter guarantee.
import type { AdmissionOutcome } from './admission.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, string | number | boolean | string[] | undefined>;

export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * The longest line the logger writes, in bytes with its newline. Log shippers cut or drop longer lines (the
 * container runtime splits lines past 16 KiB into partial records, Fluent Bit's default buffer is 32 KiB), and a
 * line of megabytes (one rule id per finding of a 60,000-item list) stalls every one of them.
 */
export const MAX_LOG_LINE_BYTES = 8 * 1024;
/** What a field keeps of a string, and of a list, when a line is over MAX_LOG_LINE_BYTES. */
const SHORTENED_STRING = 256;
const SHORTENED_LIST = 20;

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at =
    (lineLevel: LogLevel) =>
    (msg: string, fields: LogFields = {}) => {
      if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
      write(boundedLine({ time: new Date().toISOString(), level: lineLevel, msg, ...fields }));
    };
  return { level, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The record as one JSON line of at most MAX_LOG_LINE_BYTES: when it is longer, long strings and lists are
 * shortened (and the line says so); should that not be enough, only the time, level and message remain.
 */
export function boundedLine(record: Record<string, unknown>): string {
  const line = `${JSON.stringify(record)}\n`;
  // Characters are at most 3 bytes in UTF-8 (a pair of surrogates, 4 for 2): no need to count the short ones.
  if (line.length * 3 <= MAX_LOG_LINE_BYTES || Buffer.byteLength(line) <= MAX_LOG_LINE_BYTES) return line;
  const shortened: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) shortened[key] = shorten(value);
  shortened.truncated = true;
  const second = `${JSON.stringify(shortened)}\n`;
  if (Buffer.byteLength(second) <= MAX_LOG_LINE_BYTES) return second;
  return `${JSON.stringify({ time: record.time, level: record.level, msg: shorten(record.msg), truncated: true, bytes: Buffer.byteLength(line) })}\n`;
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string') return value.length > SHORTENED_STRING ? `${value.slice(0, SHORTENED_STRING)}…(${value.length} characters)` : value;
  if (Array.isArray(value)) {
    const head = value.slice(0, SHORTENED_LIST).map(shorten);
    return value.length > SHORTENED_LIST ? [...head, `…(${value.length - SHORTENED_LIST} more)`] : head;
  }
  return typeof value === 'object' && value !== null ? '(an object)' : value;
}

/** A logger that drops everything: for tests and library callers that do not want output. */
export const SILENT_LOGGER: Logger = createLogger('error', () => {});

/** The fields of the one line an admission request gets: facts about it, never the object. */
export function admissionFields(webhook: string, outcome: AdmissionOutcome, status: number, durationMs: number): LogFields {
  return {
    webhook,
    uid: capped(outcome.uid),
    kind: capped(outcome.kind),
    subResource: capped(outcome.subResource),
    namespace: capped(outcome.namespace),
    name: capped(outcome.name),
    operation: capped(outcome.operation),
    dryRun: outcome.dryRun,
    result: outcome.result,
    status,
    // Each rule once, in the order first reported, and how many findings in all: one id per finding made a
    // line of millions of characters for an object with 60,000 list items.
    rules: [...new Set(outcome.rules)],
    findings: outcome.rules.length,
    durationMs: roundMs(durationMs),
  };
}

// Kubernetes names are at most 253 characters; anything longer is a client playing games with the log.
const MAX_FIELD = 256;

function capped<T extends string | undefined>(value: T): T {
  return (value !== undefined && value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD)}…` : value) as T;
}

export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * What can be said about an unexpected error without leaking the object it was thrown over: its name, the
 * first line of its message with quoted text removed, and where it was thrown. fast-json-patch puts the whole
 * document into its messages (after the first line), and V8's JSON.parse quotes the input it choked on.
 */
export function describeError(error: unknown): { errorName: string; error: string; stack?: string[] } {
  if (!(error instanceof Error)) return { errorName: typeof error, error: 'a non-Error value was thrown' };
  // Everything from the first double quote to the last goes: V8 does not escape the JSON it quotes.
  const firstLine = (error.message.split('\n')[0] ?? '').replace(/".*"/, '"…"').slice(0, 200);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 5)
    .map((line) => line.trim());
  return { errorName: error.name, error: firstLine, ...(frames.length > 0 ? { stack: frames } : {}) };
}

// `mdbkit lint --report FORMAT=FILE`: the same run's findings written to a file in another format, beside what
// standard output gets. CI wants annotations in the log and a SARIF file for code scanning from one lint, not
// two runs that could disagree. A file is written whole or not at all: a temporary file in the same folder,
// renamed over the target, so a reader (or the upload step after a crash) never sees half a report.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, systemErrorReason, UsageError } from './cli-error.js';
import { FORMATS, isFormat, type Format } from './reporters/reporter.js';

export interface ReportFile {
  format: Format;
  /** As given, for messages. */
  file: string;
  /** Resolved against the working directory. */
  path: string;
}

export const REPORT_OPTION = { report: { type: 'string', multiple: true } } as const;

export const REPORT_HELP = `      --report <format>=<file>
                            also write the findings in <format> to <file> (folders are created; the
                            file is replaced whole, never left half-written); repeatable, e.g.
                            -o github --report sarif=mdbkit.sarif annotates and feeds code scanning
                            from one run. Written when the run completes (exit 0 or 1), not on exit 2`;

/** Parses every --report value before anything is linted: a typo fails the run at once (exit 2). */
export function parseReportFiles(values: unknown, cwd: string): ReportFile[] {
  const given = Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  const reports = given.map((value) => {
    const at = value.indexOf('=');
    const format = at < 0 ? value : value.slice(0, at);
    const file = at < 0 ? '' : value.slice(at + 1);
    if (at < 0 || file === '') throw new UsageError(`--report "${value}": give a format and a file, e.g. --report sarif=mdbkit.sarif`, 'lint');
    if (!isFormat(format)) throw new UsageError(`--report "${value}": unknown format "${format}": use one of ${FORMATS.join(', ')}`, 'lint');
    return { format, file, path: resolve(cwd, file) };
  });
  const seen = new Set<string>();
  for (const report of reports) {
    if (seen.has(report.path)) throw new UsageError(`--report names ${report.file} twice: one file holds one report`, 'lint');
    seen.add(report.path);
  }
  return reports;
}

/** Writes one report: into a temporary file beside the target, then renamed over it. */
export function writeReportFile(report: ReportFile, contents: string): void {
  const temporary = join(dirname(report.path), `.${basename(report.path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(report.path), { recursive: true });
    writeFileSync(temporary, contents);
    renameSync(temporary, report.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`cannot write the ${report.format} report to ${report.file}: ${systemErrorReason(error)}`);
  }
}

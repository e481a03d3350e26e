// The output formats of `mdbkit lint`, by name: each a pure function from the run's result to text.
import type { LintResult } from '../finding.js';
import { githubReport } from './github.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { sarifReport, type SarifOptions } from './sarif.js';
import { textReport } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export interface ReportOptions extends SarifOptions {
  color: boolean;
}

export function report(format: Format, result: LintResult, options: ReportOptions): string {
  switch (format) {
    case 'text':
      return textReport(result, { color: options.color });
    case 'json':
      return jsonReport(result);
    case 'sarif':
      return sarifReport(result, options);
    case 'junit':
      return junitReport(result);
    case 'github':
      return githubReport(result);
  }
}

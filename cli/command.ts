// What a subcommand is to main.ts: its options for util.parseArgs, its help text, and a run function
// that gets the process's streams passed in (so tests can run a command in-process) and returns the
// exit code rather than calling process.exit (so piped output is flushed before the process ends).
import type { ParseArgsConfig } from 'node:util';
import type { PolicyEngine } from '../policies/policy-engine.js';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIO {
  stdin: AsyncIterable<string | Uint8Array> & { isTTY?: boolean };
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
  env: Record<string, string | undefined>;
  /** The policy engine; loaded on demand so that --help works without it. Tests pass a fake. */
  loadEngine: () => Promise<PolicyEngine>;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/**
 * What an option's value completes to in a shell: a fixed set of words, words read when the script is made
 * (the operator versions), or file and folder names.
 */
export type ValueCompletion = readonly string[] | (() => readonly string[]) | 'path';

export interface Command {
  name: string;
  /** One line for `mdbkit --help`. */
  summary: string;
  /** The full `mdbkit <name> --help` text (without what only the policy engine knows). */
  help: string;
  /** The help with what the engine knows (the kinds checked, from the registry); `help` when the engine fails to load. */
  helpWith?: (engine: PolicyEngine) => string;
  options: NonNullable<ParseArgsConfig['options']>;
  /**
   * What the value of each option that takes one completes to, by option name (`output: ['text', 'json']`,
   * `filename: 'path'`); an option not listed takes free text (a size, a port) and completes to nothing.
   */
  completions?: Readonly<Record<string, ValueCompletion>>;
  /** The words its arguments are, for shell completion; absent: file names. */
  argumentChoices?: readonly string[];
  run(values: OptionValues, positionals: string[], io: CliIO): Promise<number>;
}

/** Colour when writing to a terminal, unless NO_COLOR says otherwise (https://no-color.org); FORCE_COLOR forces it. */
export function wantsColor(stream: OutputStream, env: CliIO['env'], flags: { color?: boolean; noColor?: boolean } = {}): boolean {
  if (flags.noColor) return false;
  if (flags.color) return true;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

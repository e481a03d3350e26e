// The `mdbkit` command line: picks the subcommand, parses its options with node's util.parseArgs, and
// turns every outcome into an exit code. Anything thrown is caught here, once, and printed as one
// `mdbkit: <message>` line: users of a CLI want the cause, not a stack trace.
// Why node:util parseArgs and not commander 14 or yargs 18 (both allow Node >= 20): the help texts and the shell
// completion (commands/completion.ts) are made from our own COMMANDS table, so a library would bring a second
// model of the same commands to keep in step; parseArgs gives strict parsing of that table with no dependency.
import { parseArgs } from 'node:util';
import { closestName } from '../policies/closest-name.js';
import type { PolicyEngine } from '../policies/policy-engine.js';
import { EXIT_OK, EXIT_USAGE, InputError, UsageError } from './cli-error.js';
import type { CliIO, Command } from './command.js';
import { defaultCommand } from './commands/default.js';
import { generateCommand } from './commands/generate.js';
import { lintCommand } from './commands/lint.js';
import { rulesCommand } from './commands/rules.js';
import { serveCommand } from './commands/serve.js';
import { versionCommand } from './commands/version.js';
import { completionCommand } from './commands/completion.js';
import { checkedKinds } from './checked-kinds.js';
import { toolInfo } from './tool-info.js';

export const COMMANDS: readonly Command[] = [
  lintCommand,
  defaultCommand,
  generateCommand,
  rulesCommand,
  serveCommand,
  versionCommand,
  completionCommand(() => COMMANDS),
];

/** The top help; with the engine, the API groups whose kinds mdbkit checks, read from the registry. */
export function mainHelp(engine?: PolicyEngine): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const kinds = engine ? checkedKinds(engine) : undefined;
  const scope = kinds
    ? `(${[...kinds.values()].reduce((n, k) => n + k.length, 0)} kinds of ${[...kinds.keys()].join(', ')};\n mdbkit lint --help lists them)`
    : '(mdbkit lint --help lists the kinds it checks)';
  return `mdbkit: checks and defaults the custom resources of the MariaDB Kubernetes operators
${scope}

Usage: mdbkit <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Options:
  -h, --help     show this help; mdbkit <command> --help describes a command's options
  -v, --version  print mdbkit's version

Exit codes: 0 success, 1 error findings, 2 bad usage or an unreadable path.
`;
}

/** Imported on demand: help and usage errors must work even when a policy module fails to load. */
async function loadPolicyEngine(): Promise<PolicyEngine> {
  const { createPolicyEngine } = await import('../policies/registry.js');
  return createPolicyEngine();
}

export function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, loadEngine: loadPolicyEngine };
}

export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = error.command ? `mdbkit ${error.command} --help` : 'mdbkit --help';
      io.stderr.write(`mdbkit: ${error.message}\nRun '${hint}' for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError) {
      io.stderr.write(`mdbkit: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // A bug or an environment problem: still one line, and the same code eslint uses for "could not run".
    io.stderr.write(`mdbkit: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(mainHelp(await engineForHelp(io)));
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help') {
    io.stdout.write(mainHelp(await engineForHelp(io)));
    return EXIT_OK;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${toolInfo().version}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = rest[0];
    const command = topic === undefined ? undefined : findCommand(topic);
    io.stdout.write(command ? await helpOf(command, io) : mainHelp(await engineForHelp(io)));
    return EXIT_OK;
  }
  const command = findCommand(first);
  const { values, positionals } = parse(command, rest);
  if (values.help === true) {
    io.stdout.write(await helpOf(command, io));
    return EXIT_OK;
  }
  return command.run(values, positionals, io);
}

/** The engine for a help text, or undefined when it fails to load: help must work even then. */
async function engineForHelp(io: CliIO): Promise<PolicyEngine | undefined> {
  try {
    return await io.loadEngine();
  } catch {
    return undefined;
  }
}

async function helpOf(command: Command, io: CliIO): Promise<string> {
  if (!command.helpWith) return command.help;
  const engine = await engineForHelp(io);
  return engine ? command.helpWith(engine) : command.help;
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  if (name.startsWith('-')) throw new UsageError(`unknown option '${name}' (options come after the command)`);
  const suggestion = closestName(
    name,
    COMMANDS.map((c) => c.name),
  );
  throw new UsageError(`unknown command "${name}"${suggestion ? `: did you mean "${suggestion}"?` : ''}`);
}

function parse(command: Command, args: readonly string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    // parseArgs reports unknown options and missing values with a TypeError carrying an ERR_PARSE_ARGS_* code.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((error as Error).message, command.name);
    throw error;
  }
}

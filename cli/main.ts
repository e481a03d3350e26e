// The `mdbkit` command line: picks the subcommand, parses its options with node's util.parseArgs, and
// turns every outcome into an exit code. Anything thrown is caught here, once, and printed as one
// `mdbkit: <message>` line: users of a CLI want the cause, not a stack trace.
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
import { toolInfo } from './tool-info.js';

export const COMMANDS: readonly Command[] = [lintCommand, defaultCommand, generateCommand, rulesCommand, serveCommand];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return `mdbkit: checks and defaults the custom resources of the MariaDB Kubernetes operators
(MariaDB, MaxScale, Connection; enterprise.mariadb.com and k8s.mariadb.com)

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
    io.stderr.write(mainHelp());
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help') {
    io.stdout.write(mainHelp());
    return EXIT_OK;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${toolInfo().version}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = rest[0];
    const command = topic === undefined ? undefined : findCommand(topic);
    io.stdout.write(command ? command.help : mainHelp());
    return EXIT_OK;
  }
  const command = findCommand(first);
  const { values, positionals } = parse(command, rest);
  if (values.help === true) {
    io.stdout.write(command.help);
    return EXIT_OK;
  }
  return command.run(values, positionals, io);
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
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    // parseArgs reports unknown options and missing values with a TypeError carrying an ERR_PARSE_ARGS_* code.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((error as Error).message, command.name);
    throw error;
  }
}

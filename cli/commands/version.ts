// `mdbkit version`: what --version prints, and with -o json what a bug report or a CI log wants beside it: the
// Node.js running mdbkit and the mariadb-operator versions it can judge (schemas/operator-versions.json).
import { readOperatorVersions } from '../../kinds/operator-versions.js';
import { UsageError } from '../cli-error.js';
import type { Command } from '../command.js';
import { toolInfo } from '../tool-info.js';

const VERSION_FORMATS = ['text', 'json'] as const;

const HELP = `Usage: mdbkit version [options]

Prints mdbkit's version (the same as mdbkit --version).

Options:
  -o, --output <format>     text (default): the version alone
                            json: {version, node, operatorVersions: {<group>: {versions, default}}}
  -h, --help                show this help
`;

export interface VersionReport {
  version: string;
  node: string;
  /** Per API group of the operators' kinds: the mariadb-operator versions offered, and the one judged by default. */
  operatorVersions: Record<string, { versions: string[]; default: string }>;
}

export function versionReport(): VersionReport {
  const operatorVersions: VersionReport['operatorVersions'] = {};
  for (const group of readOperatorVersions().groups.values()) operatorVersions[group.group] = { versions: [...group.versions], default: group.default };
  return { version: toolInfo().version, node: process.versions.node, operatorVersions };
}

export const versionCommand: Command = {
  name: 'version',
  summary: "print mdbkit's version (-o json: with Node.js and the operator versions it judges)",
  help: HELP,
  options: { output: { type: 'string', short: 'o' } },
  completions: { output: VERSION_FORMATS },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'version');
    const format = (values.output as string | undefined) ?? 'text';
    if (format === 'json') io.stdout.write(`${JSON.stringify(versionReport(), null, 2)}\n`);
    else if (format === 'text') io.stdout.write(`${toolInfo().version}\n`);
    else throw new UsageError(`unknown output format "${format}": use one of ${VERSION_FORMATS.join(', ')}`, 'version');
    return 0;
  },
};

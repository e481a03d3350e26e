// `--operator-version`, as lint and default take it: which mariadb-operator version the operators' kinds are
// judged at, per API group. The help lists what schemas/operator-versions.json offers, so it never goes stale.
import { OperatorVersionError, readOperatorVersions } from '../kinds/operator-versions.js';
import type { PolicyEngine } from '../policies/policy-engine.js';
import { UsageError } from './cli-error.js';

export const OPERATOR_VERSION_OPTION = { 'operator-version': { type: 'string', multiple: true } } as const;

/**
 * The versions --operator-version offers, for shell completion; none when the file cannot be read. The
 * group=version form is left out: bash splits a word at "=", so it cannot complete one.
 */
export function operatorVersionWords(): string[] {
  try {
    return [...new Set([...readOperatorVersions().groups.values()].flatMap((g) => g.versions))];
  } catch {
    return [];
  }
}

/** The help lines of the option, for a command's help text. */
export function operatorVersionHelp(): string {
  let offered: string;
  try {
    const versions = readOperatorVersions();
    offered = [...versions.groups.values()].map((g) => `\n                              ${g.group}: ${g.versions.join(', ')} (default ${g.default})`).join('');
  } catch {
    offered = 'see schemas/operator-versions.json';
  }
  return `      --operator-version <v>
                            judge the MariaDB operators' kinds as mariadb-operator <v> has them
                            (26.6: every operator group that has it; k8s.mariadb.com=25.10: one group;
                            repeat or comma-separate). Offered:${offered}
                            A field or kind the version lacks is reported with the versions that have it.`;
}

export function engineAtOperatorVersions(engine: PolicyEngine, value: unknown, command: string): PolicyEngine {
  const values = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  try {
    return engine.withOperatorVersions(values);
  } catch (error) {
    if (error instanceof OperatorVersionError) throw new UsageError(`--operator-version: ${error.message}`, command);
    throw error;
  }
}

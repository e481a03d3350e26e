// `.mdbkit.yaml`: what a repository tells `mdbkit lint` about its rules and files. Found upward from the
// working directory (the nearest wins, as with .editorconfig or eslint's flat config), or named with
// --config. A config that cannot be used stops the run (exit 2) with the file:line:column of the problem:
// a misspelt rule id that silently disabled nothing would be worse than no config at all.
//
//   rules:
//     disable: [maxscale/monitor-interval-short, galera/*]   # ids, or every rule of an area
//     enable: [galera/replicas]                              # wins over disable
//     severity:
//       mariadb/galera-even-replicas: warning               # re-grade: error or warning
//   exclude:                                                 # globs, relative to this file's folder
//     - vendor/**
//     - "**/*.generated.yaml"
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { LineCounter, parseDocument } from 'yaml';
import type { ValidateFunction } from 'ajv';
import type { Severity } from '../policies/field-error.js';
import { checkRuleNames, ruleSettings, UnknownRuleError, type RuleSettings } from '../policies/rule-settings.js';
import { schemaErrorsToFieldErrors } from '../policies/schema-errors.js';
import { InputError, systemErrorReason } from './cli-error.js';
import { positionOfPath } from './field-position.js';

export const CONFIG_FILE_NAMES = ['.mdbkit.yaml', '.mdbkit.yml'];

/** Config files are small; anything larger is not one. */
const MAX_CONFIG_BYTES = 256 * 1024;

export interface LintConfig {
  /** The file it came from, as given or found. */
  file: string;
  settings: RuleSettings;
  /** True for a file the `exclude` patterns leave out. */
  excluded(absolutePath: string): boolean;
}

interface ConfigShape {
  rules?: { disable?: string[]; enable?: string[]; severity?: Record<string, Severity> };
  exclude?: string[];
}

const RULE_NAME = {
  type: 'string',
  pattern: '^[a-z0-9]+/([a-z0-9-]+|\\*)$',
  title: 'a rule id such as maxscale/monitor-interval-short, or an area such as maxscale/*',
};

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        disable: { type: 'array', items: RULE_NAME },
        enable: { type: 'array', items: RULE_NAME },
        severity: {
          type: 'object',
          propertyNames: { pattern: '^[a-z0-9]+/[a-z0-9-]+$' },
          additionalProperties: { enum: ['error', 'warning'] },
        },
      },
    },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
};

let validateShape: ValidateFunction | undefined;

/** The nearest config file at or above `cwd`, or undefined. */
export function findConfig(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Reads and checks a config file against the rule ids mdbkit has. Throws InputError naming the place. */
export async function loadLintConfig(path: string, shownAs: string, knownRuleIds: readonly string[]): Promise<LintConfig> {
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES) throw new InputError(`${shownAs}: larger than ${MAX_CONFIG_BYTES / 1024} KiB: not an mdbkit config file`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the config file ${shownAs}: ${systemErrorReason(error)}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (fieldPath: string, target: 'value' | 'key' = 'value') => {
    const { line, column } = positionOfPath(doc, lineCounter, fieldPath, target);
    return `${shownAs}:${line}:${column}`;
  };
  const [syntax] = doc.errors;
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new InputError(`${shownAs}:${line}:${col}: not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS() ?? {};
  // The one schema still compiled at run time: it is small and lives in this file, and only a run that finds a
  // config file pays for it (ajv itself is loaded then, not by every lint).
  validateShape ??= (await import('../kinds/ajv-instance.js')).createAjv().compile(CONFIG_SCHEMA);
  if (!validateShape(data)) {
    const [problem] = schemaErrorsToFieldErrors(validateShape.errors);
    throw new InputError(`${where(problem?.path ?? '')}: ${problem?.path ? `${problem.path}: ` : ''}${problem?.message ?? 'not an mdbkit config'}`);
  }
  const config = data as ConfigShape;
  const rules = config.rules ?? {};
  try {
    checkRuleNames(rules.disable ?? [], knownRuleIds, (i) => where(`rules.disable[${i}]`));
    checkRuleNames(rules.enable ?? [], knownRuleIds, (i) => where(`rules.enable[${i}]`));
    const regraded = Object.keys(rules.severity ?? {});
    checkRuleNames(regraded, knownRuleIds, (i) => where(`rules.severity[${regraded[i]}]`, 'key'));
  } catch (error) {
    if (error instanceof UnknownRuleError) throw new InputError(error.message);
    throw error;
  }
  return {
    file: shownAs,
    settings: ruleSettings({ disable: rules.disable ?? [], enable: rules.enable ?? [], severity: rules.severity ?? {} }),
    excluded: excludeMatcher(config.exclude ?? [], dirname(path)),
  };
}

/**
 * The `exclude` test shared by the config file (globs relative to its folder) and `--exclude` (relative to the
 * working directory): picomatch globs, dot files included, a pattern ending in / naming everything below a folder.
 * A file outside `base` is not matched: a pattern cannot reach above its folder.
 */
export function excludeMatcher(globs: readonly string[], base: string): (absolutePath: string) => boolean {
  const patterns = globs.map((p) => (p.endsWith('/') ? `${p}**` : p));
  if (patterns.length === 0) return () => false;
  const matcher = picomatch(patterns, { dot: true });
  return (absolutePath) => {
    const rel = relative(base, absolutePath);
    if (rel.startsWith(`..${sep}`) || rel === '..') return false;
    return matcher(rel.split(sep).join('/'));
  };
}

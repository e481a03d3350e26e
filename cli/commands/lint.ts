// `mdbkit lint`: findings for every manifest named, in the format a person or a CI system reads.
import { relative, resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { wantsColor, type Command } from '../command.js';
import { findConfig, loadLintConfig, type LintConfig } from '../lint-config.js';
import { lintManifests } from '../lint-run.js';
import { readManifestTexts } from '../manifest-input.js';
import { streamManifests, unreadableFile } from '../read-manifests.js';
import { FORMATS, isFormat, report } from '../reporters/reporter.js';
import { formatNoteLine } from '../reporters/text.js';
import { SKIP_RULES_ANNOTATION } from '../skip-annotation.js';
import { toolInfo } from '../tool-info.js';
import { MAX_FILE_SIZE_HELP, MAX_FILE_SIZE_OPTION, parseMaxFileSize } from '../max-file-size-option.js';
import { engineAtOperatorVersions, OPERATOR_VERSION_OPTION, operatorVersionHelp } from '../operator-version-option.js';

const HELP = `Usage: mdbkit lint [options] [PATH... | -]

Checks the MariaDB operators' manifests (MariaDB, MaxScale, Connection, Backup, Restore, Database, User,
Grant, SqlJob, PhysicalBackup, PointInTimeRecovery, ExternalMariaDB; enterprise.mariadb.com and
k8s.mariadb.com), KubeDB's and the Galera operator's against their schemas and mdbkit's rules, after applying the defaults the admission webhook would apply, and
reports every finding at the file:line:column of the field.

Input:
  PATH                      a file, or a folder searched recursively for *.yaml, *.yml and *.json
                            (hidden folders and node_modules are not entered). Files may hold several
                            YAML documents; JSON files are read as YAML.
  -                         standard input; also read when no PATH is given and input is piped.
  A MaxScale and the MariaDB it refers to resolve when both are in the same run; an object outside the
  run is treated as unknown. Documents of other kinds are skipped with a note on standard error.
  YAML syntax errors are findings (rule yaml/syntax).

Options:
  -f, --format <format>     output format (default: text):
                              text    file:line:column: severity: field: message [rule]
                              json    {findings: [{file, line, column, severity, rule, path, message,
                                      apiVersion, kind, name}], summary: {files, documents, errors, warnings}}
                              sarif   SARIF 2.1.0 for GitHub code scanning (upload-sarif)
                              junit   JUnit XML: a test suite per file, a test case per manifest
                              github  GitHub Actions workflow commands that annotate the lines
      --color               colour the text format even when output is not a terminal
      --no-color            never colour (NO_COLOR=1 does the same); default: colour on a terminal
      --stdin-filename <name>
                            the file name findings in standard input are reported under
                            (default: <stdin>)
      --config <file>       the config file to use (default: the nearest .mdbkit.yaml or .mdbkit.yml
                            at or above the working directory)
      --no-config           use no config file
${MAX_FILE_SIZE_HELP}
${operatorVersionHelp()}
  -h, --help                show this help

Config file (.mdbkit.yaml):
  rules:
    disable: [maxscale/monitor-interval-short, galera/*]   rule ids, or every rule of an area
    enable: [galera/replicas]                              wins over disable
    severity: {mariadb/galera-even-replicas: warning}      re-grade a rule: error or warning
  exclude: [vendor/**, "**/*.generated.yaml"]              globs, relative to the config's folder
  Rule ids are listed by \`mdbkit rules\`; an unknown id is an error (exit 2).

Skipping rules for one object (lint only; the webhook ignores it):
  metadata:
    annotations:
      ${SKIP_RULES_ANNOTATION}: "mariadb/galera-even-replicas, maxscale/*"

Exit codes:
  0  no error findings (warnings do not fail)
  1  at least one error finding
  2  bad usage, or a path that does not exist
  A file over --max-file-size, a binary file, a symbolic link loop or an entry without read permission
  is one error finding (rule input/unreadable); the rest of the run is checked.

Examples:
  mdbkit lint deploy/
  mdbkit lint --format sarif deploy/ > mdbkit.sarif
  kustomize build overlays/prod | mdbkit lint -
`;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check manifests; findings as text, json, sarif, junit or github',
  help: HELP,
  options: {
    format: { type: 'string', short: 'f' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    'stdin-filename': { type: 'string' },
    config: { type: 'string' },
    'no-config': { type: 'boolean' },
    ...MAX_FILE_SIZE_OPTION,
    ...OPERATOR_VERSION_OPTION,
  },
  async run(values, positionals, io) {
    const format = (values.format as string | undefined) ?? 'text';
    if (!isFormat(format)) throw new UsageError(`unknown format "${format}": use one of ${FORMATS.join(', ')}`, 'lint');
    const flags = { color: values.color === true, noColor: values['no-color'] === true };
    const stderrColor = wantsColor(io.stderr, io.env, flags);
    const maxFileSize = parseMaxFileSize(values['max-file-size'] as string | undefined, 'lint');
    if (values.config !== undefined && values['no-config'] === true) throw new UsageError('--config and --no-config cannot be given together', 'lint');
    const loaded = engineAtOperatorVersions(await io.loadEngine(), values['operator-version'], 'lint');
    const config = lintConfigFor(
      values.config as string | undefined,
      values['no-config'] === true,
      io.cwd,
      loaded.catalog().map((r) => r.id),
    );
    const engine = config ? loaded.withSettings(config.settings) : loaded;
    const texts = await readManifestTexts('lint', positionals, values['stdin-filename'] as string | undefined, io, stderrColor, config, maxFileSize);
    // Streamed: the run keeps only the objects other documents refer to, not every document's.
    const files = texts.map((source) => ('problem' in source ? unreadableFile(source.file, source.problem) : streamManifests(source.file, source.text)));
    const result = await lintManifests(files, engine);
    for (const d of result.documents) {
      if (d.note) io.stderr.write(`${formatNoteLine(`${d.file}:${d.line}:${d.column}`, d.note, stderrColor)}\n`);
    }
    io.stdout.write(
      report(format, result, {
        color: format === 'text' && wantsColor(io.stdout, io.env, flags),
        cwd: io.cwd,
        tool: toolInfo(),
        rules: engine.catalog(),
        overrides: { disabled: engine.settings.disabled, regraded: engine.settings.regraded },
      }),
    );
    return result.summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** The config named by --config, else the nearest one found upward (none with --no-config). */
function lintConfigFor(given: string | undefined, none: boolean, cwd: string, ruleIds: readonly string[]): LintConfig | undefined {
  if (none) return undefined;
  const path = given !== undefined ? resolve(cwd, given) : findConfig(cwd);
  if (path === undefined) return undefined;
  return loadLintConfig(path, given ?? (relative(cwd, path) || path), ruleIds);
}

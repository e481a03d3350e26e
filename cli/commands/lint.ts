// `mdbkit lint`: findings for every manifest named, in the format a person or a CI system reads.
import { relative, resolve } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { wantsColor, type Command } from '../command.js';
import { checkedKindsHelp } from '../checked-kinds.js';
import type { LintResult } from '../finding.js';
import { excludeMatcher, findConfig, loadLintConfig, type LintConfig } from '../lint-config.js';
import { lintManifests } from '../lint-run.js';
import { readManifestTexts, type Exclusion } from '../manifest-input.js';
import { streamManifests, unreadableFile } from '../read-manifests.js';
import { parseReportFiles, REPORT_HELP, REPORT_OPTION, writeReportFile } from '../report-files.js';
import { FORMATS, isFormat, report, type Format } from '../reporters/reporter.js';
import { formatNoteLine } from '../reporters/text.js';
import { SKIP_RULES_ANNOTATION } from '../skip-annotation.js';
import { toolInfo } from '../tool-info.js';
import { MAX_FILE_SIZE_HELP, MAX_FILE_SIZE_OPTION, parseMaxFileSize } from '../max-file-size-option.js';
import { engineAtOperatorVersions, OPERATOR_VERSION_OPTION, operatorVersionHelp, operatorVersionWords } from '../operator-version-option.js';

function lintHelp(kinds: string): string {
  return `Usage: mdbkit lint [options] [-f PATH]... [PATH... | -]

Checks the manifests of the MariaDB operators (and KubeDB's and the Galera operator's) against their schemas
and mdbkit's rules, after applying the defaults the admission webhook would apply, and reports every finding
at the file:line:column of the field.

Kinds checked, by API group:
${kinds}
A document in one of these groups with a kind or version the group does not have is an error with the
nearest name (rule document/unknown-kind). Documents of other kinds (a Deployment, a ConfigMap) are counted
in the summary as not checked; --strict makes each an error.

Input:
  -f, --filename <path>     a file, or a folder searched recursively for *.yaml, *.yml and *.json (hidden
                            folders and node_modules are not entered); repeatable, like kubectl's -f.
                            PATH arguments without -f work the same. Files may hold several YAML documents;
                            JSON files are read as YAML.
  -f -, -                   standard input; also read when no path is given and input is piped.
      --exclude <glob>      leave out files matching the glob (relative to the working directory, like
                            the config file's exclude; a pattern ending in / names a folder); repeatable
  A kind: List (what kubectl get -o yaml prints) is checked item by item; a finding names the field
  relative to its item, at the item's lines. A MaxScale and the MariaDB it refers to resolve when both are
  in the same run; an object outside the run is treated as unknown. YAML syntax errors are findings
  (rule yaml/syntax).

Options:
  -o, --output <format>     output format (default: text):
                              text    file:line:column: severity: field: message [rule]
                              json    {findings: [{file, line, column, severity, rule, path, message,
                                      apiVersion, kind, name, related}], summary: {files, documents,
                                      notChecked, errors, warnings}, rules}
                              sarif   SARIF 2.1.0 for GitHub code scanning (upload-sarif)
                              junit   JUnit XML: a test suite per file, a test case per manifest
                              github  GitHub Actions workflow commands that annotate the lines
${REPORT_HELP}
  -q, --quiet               print only errors: warnings are neither printed nor counted (the exit code
                            is the same: warnings never fail a run)
      --strict              a document mdbkit does not check (other kinds, not an object) is an error
                            (rule document/not-checked)
      --verbose             also print a note on standard error for each document not checked
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

Root cause first: a misspelt field whose suggested name is what other findings are about (spec.storage.sise,
and spec.storage.size then missing) is one finding at the misspelt key; its message ends with "that is why:"
and the findings it explains (json: related, sarif: relatedLocations).

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
  2  bad usage, a path that does not exist, or a --report file that cannot be written
  A file over --max-file-size, a binary file, a symbolic link loop or an entry without read permission
  is one error finding (rule input/unreadable); the rest of the run is checked.

Examples:
  mdbkit lint -f deploy/
  mdbkit lint -o sarif -f deploy/ > mdbkit.sarif
  mdbkit lint -o github --report sarif=reports/mdbkit.sarif -f deploy/
  kubectl get mariadbs,maxscales -A -o yaml | mdbkit lint -f -
  helm template my-release charts/cluster | mdbkit lint -f -
  mdbkit lint --strict --exclude 'deploy/vendor/**' -f deploy/
`;
}

const KINDS_UNAVAILABLE = "  (mdbkit's schemas could not be loaded; mdbkit rules shows the error)";

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check manifests; findings as text, json, sarif, junit or github',
  help: lintHelp(KINDS_UNAVAILABLE),
  helpWith: (engine) => lintHelp(checkedKindsHelp(engine)),
  completions: { output: FORMATS, filename: 'path', exclude: 'path', 'stdin-filename': 'path', config: 'path', 'operator-version': operatorVersionWords },
  options: {
    filename: { type: 'string', short: 'f', multiple: true },
    output: { type: 'string', short: 'o' },
    exclude: { type: 'string', multiple: true },
    quiet: { type: 'boolean', short: 'q' },
    strict: { type: 'boolean' },
    verbose: { type: 'boolean' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    'stdin-filename': { type: 'string' },
    config: { type: 'string' },
    'no-config': { type: 'boolean' },
    ...REPORT_OPTION,
    ...MAX_FILE_SIZE_OPTION,
    ...OPERATOR_VERSION_OPTION,
  },
  async run(values, positionals, io) {
    const format = (values.output as string | undefined) ?? 'text';
    if (!isFormat(format)) throw new UsageError(`unknown output format "${format}": use one of ${FORMATS.join(', ')}`, 'lint');
    const reportFiles = parseReportFiles(values.report, io.cwd);
    const flags = { color: values.color === true, noColor: values['no-color'] === true };
    const stderrColor = wantsColor(io.stderr, io.env, flags);
    const maxFileSize = parseMaxFileSize(values['max-file-size'] as string | undefined, 'lint');
    if (values.config !== undefined && values['no-config'] === true) throw new UsageError('--config and --no-config cannot be given together', 'lint');
    const loaded = engineAtOperatorVersions(await io.loadEngine(), values['operator-version'], 'lint');
    const config = await lintConfigFor(
      values.config as string | undefined,
      values['no-config'] === true,
      io.cwd,
      loaded.catalog().map((r) => r.id),
    );
    const engine = config ? loaded.withSettings(config.settings) : loaded;
    const exclusions: Exclusion[] = [];
    const excludeGlobs = (values.exclude as string[] | undefined) ?? [];
    if (excludeGlobs.length > 0) exclusions.push({ by: '--exclude', excluded: excludeMatcher(excludeGlobs, io.cwd) });
    if (config) exclusions.push({ by: config.file, excluded: (path) => config.excluded(path) });
    const paths = [...((values.filename as string[] | undefined) ?? []), ...positionals];
    const texts = await readManifestTexts('lint', paths, values['stdin-filename'] as string | undefined, io, stderrColor, exclusions, maxFileSize);
    // Streamed: the run keeps only the objects other documents refer to, not every document's.
    const files = texts.map((source) => ('problem' in source ? unreadableFile(source.file, source.problem) : streamManifests(source.file, source.text)));
    const full = await lintManifests(files, engine, { strict: values.strict === true });
    // A helm template output holds dozens of kinds mdbkit does not check: they are counted in the summary,
    // and named one by one only when asked.
    if (values.verbose === true) {
      for (const d of full.documents) {
        if (d.note) io.stderr.write(`${formatNoteLine(`${d.file}:${d.line}:${d.column}`, d.note, stderrColor)}\n`);
      }
    }
    const result = values.quiet === true ? errorsOnly(full) : full;
    const render = (as: Format, color: boolean) =>
      report(as, result, {
        color,
        cwd: io.cwd,
        tool: toolInfo(),
        rules: engine.catalog(),
        overrides: { disabled: engine.settings.disabled, regraded: engine.settings.regraded },
      });
    // The files first: one that cannot be written fails the run (exit 2) before standard output says "done".
    for (const file of reportFiles) writeReportFile(file, render(file.format, false));
    io.stdout.write(render(format, format === 'text' && wantsColor(io.stdout, io.env, flags)));
    return result.summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** --quiet: the run as if warnings had not been found (errors, and so the exit code, unchanged). */
function errorsOnly(result: LintResult): LintResult {
  return { ...result, findings: result.findings.filter((f) => f.severity === 'error'), summary: { ...result.summary, warnings: 0 } };
}

/** The config named by --config, else the nearest one found upward (none with --no-config). */
async function lintConfigFor(given: string | undefined, none: boolean, cwd: string, ruleIds: readonly string[]): Promise<LintConfig | undefined> {
  if (none) return undefined;
  const path = given !== undefined ? resolve(cwd, given) : findConfig(cwd);
  if (path === undefined) return undefined;
  return loadLintConfig(path, given ?? (relative(cwd, path) || path), ruleIds);
}

// `mdbkit default`: the manifests as the mutating webhook would store them, printed as YAML in input
// order with the user's comments and layout kept, ready to diff or to pipe into kubectl.
import { engineAtOperatorVersions, OPERATOR_VERSION_OPTION, operatorVersionHelp, operatorVersionWords } from '../operator-version-option.js';
import { isCollection } from 'yaml';
import type { KubeObject } from '../../policies/kube-object.js';
import { isObject } from '../../policies/object-fields.js';
import { applyObject } from '../apply-defaults.js';
import { EXIT_FINDINGS, EXIT_OK } from '../cli-error.js';
import { wantsColor, type Command } from '../command.js';
import { documentStart, positionOfPath } from '../field-position.js';
import { describeObject, type Finding } from '../finding.js';
import { INTERNAL_ERROR_RULE, contextFor, identityOf, place, runReader, unitSkipReason, unitsOf, type Unit } from '../lint-run.js';
import type { ManifestDocument } from '../read-manifests.js';
import { readManifestTexts } from '../manifest-input.js';
import { parseManifests, unreadableFile } from '../read-manifests.js';
import { MAX_FILE_SIZE_HELP, MAX_FILE_SIZE_OPTION, parseMaxFileSize } from '../max-file-size-option.js';
import { formatFindingLine, formatNoteLine } from '../reporters/text.js';
import { detectStyle } from '../yaml-style.js';

const HELP = `Usage: mdbkit default [options] [-f PATH]... [PATH... | -]

Prints the manifests after defaulting, as the mdbkit admission webhook would store them: every document
of every input as multi-document YAML (separated by ---) in input order. Comments, key order and quoting
are kept where the yaml package allows; defaulted fields are added after the fields already written.
Documents of kinds mdbkit does not handle pass through unchanged (with a note on standard error).
A kind: List (what kubectl get -o yaml prints) is defaulted item by item and printed as one List.
It does not check the manifests: run mdbkit lint for that.

Input:
  -f, --filename <path>     a file, or a folder searched recursively for *.yaml, *.yml and *.json;
                            repeatable, like kubectl's -f. PATH arguments without -f work the same.
  -f -, -                   standard input; also read when no path is given and input is piped.
  A MaxScale and the MariaDB it refers to resolve when both are in the same run, List items included.

Options:
      --color               colour the messages on standard error even when it is not a terminal
      --no-color            never colour them (NO_COLOR=1 does the same)
      --stdin-filename <name>
                            the file name messages about standard input use (default: <stdin>)
${MAX_FILE_SIZE_HELP}
${operatorVersionHelp()}
  -h, --help                show this help

Output:
  standard output           the defaulted manifests (nothing when any document has a YAML syntax
                            error or cannot be defaulted, so a pipeline never applies half the input)
  standard error            file:line:column: warning: ... for defaults that could not be applied,
                            errors, and notes about skipped documents

Exit codes:
  0  the manifests were defaulted (warnings do not fail)
  1  a YAML syntax error, or a document mdbkit failed to default
  2  bad usage, or a path that cannot be read

Example:
  mdbkit default -f maxscale.yaml | diff maxscale.yaml -
`;

export const defaultCommand: Command = {
  name: 'default',
  summary: 'print manifests as the admission webhook would store them',
  help: HELP,
  completions: { filename: 'path', 'stdin-filename': 'path', 'operator-version': operatorVersionWords },
  options: {
    filename: { type: 'string', short: 'f', multiple: true },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    'stdin-filename': { type: 'string' },
    ...MAX_FILE_SIZE_OPTION,
    ...OPERATOR_VERSION_OPTION,
  },
  async run(values, positionals, io) {
    const color = wantsColor(io.stderr, io.env, { color: values.color === true, noColor: values['no-color'] === true });
    const maxFileSize = parseMaxFileSize(values['max-file-size'] as string | undefined, 'default');
    const paths = [...((values.filename as string[] | undefined) ?? []), ...positionals];
    const texts = await readManifestTexts('default', paths, values['stdin-filename'] as string | undefined, io, color, [], maxFileSize);
    const files = texts.map((source) => ('problem' in source ? unreadableFile(source.file, source.problem) : parseManifests(source.file, source.text)));
    const documents = files.flatMap((f) => f.documents);
    const report = (finding: Finding) => io.stderr.write(`${formatFindingLine(finding, color)}\n`);

    let failed = false;
    for (const d of documents) {
      for (const problem of d.problems) {
        report(problem);
        if (problem.severity === 'error') failed = true;
      }
    }
    if (failed) return EXIT_FINDINGS;

    const engine = engineAtOperatorVersions(await io.loadEngine(), values['operator-version'], 'default');
    const units = documents.map((d) => unitsOf(d.object, engine));
    const reader = runReader(units.flat().flatMap((unit) => (isObject(unit.object) ? [unit.object as KubeObject] : [])));

    /** The unit as the webhook would store it; the unit unchanged when mdbkit does not handle it or fails. */
    const defaultUnit = async (d: ManifestDocument, unit: Unit): Promise<unknown> => {
      const identity = identityOf(unit.object);
      const where = () => (unit.prefix === '' ? documentStart(d.doc, d.lineCounter) : positionOfPath(d.doc, d.lineCounter, unit.prefix));
      const reason = unitSkipReason(unit, engine);
      if (reason) {
        const what = unit.item === undefined ? `document ${d.index + 1}` : `item ${unit.item + 1} of document ${d.index + 1}`;
        const { line, column } = where();
        io.stderr.write(`${formatNoteLine(`${d.file}:${line}:${column}`, `${describeObject(identity, what)} passed through unchanged: ${reason}`, color)}\n`);
        return unit.object;
      }
      const object = unit.object as KubeObject;
      try {
        const result = await engine.default(object, contextFor(object, reader));
        for (const warning of result?.warnings ?? []) report(place(d, identity, warning, undefined, undefined, unit));
        return result ? result.object : object;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report({
          file: d.file,
          ...where(),
          ...identity,
          severity: 'error',
          rule: INTERNAL_ERROR_RULE,
          path: unit.prefix,
          message: `defaulting failed inside mdbkit: ${message}`,
        });
        failed = true;
        return object;
      }
    };

    const output: string[] = [];
    for (const [i, d] of documents.entries()) {
      const documentUnits = units[i]!;
      if (documentUnits.length === 1 && documentUnits[0]!.item === undefined) {
        applyObject(d.doc, await defaultUnit(d, documentUnits[0]!));
      } else {
        // A List: each item defaulted where it stands, the List around them kept as written.
        const items: unknown[] = [];
        for (const unit of documentUnits) items.push(await defaultUnit(d, unit));
        if (documentUnits.length > 0) applyObject(d.doc, { ...(d.object as Record<string, unknown>), items });
      }
      // A JSON file is one flow mapping with no comments to keep: print it as block YAML like the rest.
      if (isCollection(d.doc.contents) && d.doc.contents.flow) d.doc.contents = d.doc.createNode(d.doc.toJS()) as typeof d.doc.contents;
      // Separators are ours to write: the documents are joined with --- whatever markers the input had.
      d.doc.directives.docStart = null;
      d.doc.directives.docEnd = false;
      output.push(d.doc.toString({ ...detectStyle(d.doc, d.lineCounter), lineWidth: 0 }));
    }
    if (failed) return EXIT_FINDINGS;
    io.stdout.write(output.join('---\n'));
    return EXIT_OK;
  },
};

// spec.secretTemplate.format is a Go text/template the operator renders into the Connection's Secret. Its
// webhook refuses a format that does not parse; one that parses but names a value the operator does not pass
// (`{{ .User }}`) renders "<no value>" into the DSN, or fails when executed, and applications get a Secret that
// cannot connect. The values are those of the operator's connection controller (reconcileSecret).
import { closestName } from '../closest-name.js';
import { objectAt } from '../object-fields.js';
import { defineRule } from '../rule.js';
import { CONNECTION } from './connection-kind.js';
import { templateProblems, type TemplateProblem } from './go-template.js';

/** The keys of the map the operator executes the format on. */
export const TEMPLATE_VALUES = ['Username', 'Password', 'Host', 'Port', 'Database', 'Params'] as const;

const letters = (s: string) => [...s.toLowerCase()].sort().join('');

/** closestName, else the one value the name is the start of (`.User` → Username) or an anagram of (`.Hots` → Host). */
function suggest(name: string, candidates: readonly string[]): string | undefined {
  const close = closestName(name, candidates);
  if (close || name === '') return close;
  for (const related of [(c: string) => c.toLowerCase().startsWith(name.toLowerCase()), (c: string) => letters(c) === letters(name)]) {
    const found = candidates.filter(related);
    if (found.length === 1) return found[0];
  }
  return undefined;
}

/** The problems of the format at `path`, as findings of both rules; undefined when there is no format. */
export function formatProblems(spec: unknown, path: string[]): TemplateProblem[] | undefined {
  let holder: unknown = spec;
  for (const key of path.slice(0, -1)) holder = objectAt(holder, key);
  const format = objectAt(holder, path[path.length - 1]!)?.format;
  if (typeof format !== 'string') return undefined;
  return templateProblems(format, { fields: TEMPLATE_VALUES, suggest });
}

const where = (p: TemplateProblem) => `at line ${p.line}, column ${p.column} (character ${p.offset + 1})`;

export const secretTemplateInvalid = defineRule({
  id: 'connection/secret-template-invalid',
  kinds: [CONNECTION],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.secretTemplate.format is not a valid Go template.',
  why: "The operator's Connection webhook parses it with Go's text/template and refuses the Connection.",
  fix: 'Fix the template: actions are {{ .Username }}, {{ .Password }}, {{ .Host }}, {{ .Port }}, {{ .Database }}, {{ .Params }}, each closed with }}.',
  noCelTwin: "parses a Go template, which CEL's string functions cannot",
  check({ spec, at }) {
    const problem = formatProblems(spec, ['secretTemplate'])?.find((p) => p.kind === 'syntax');
    if (!problem) return [];
    return [at('spec.secretTemplate.format', `Invalid value: spec.secretTemplate.format is not a valid Go template ${where(problem)}: ${problem.message}`)];
  },
});

export const secretTemplateUnknownValue = defineRule({
  id: 'connection/secret-template-unknown-value',
  kinds: [CONNECTION],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.secretTemplate.format uses a value the operator does not pass (.User), a field of a value (.Host.Name), or an undefined template.',
  why: 'Go renders "<no value>" for an unknown value, and fails on the others: the Secret gets a DSN that cannot connect, or none.',
  fix: 'Use only .Username, .Password, .Host, .Port, .Database and .Params (names are case-sensitive).',
  noCelTwin: "parses a Go template, which CEL's string functions cannot",
  check({ spec, at }) {
    const problems = formatProblems(spec, ['secretTemplate'])?.filter((p) => p.kind === 'field') ?? [];
    return problems.map((p) => at('spec.secretTemplate.format', `Invalid value: spec.secretTemplate.format ${where(p)}: ${p.message}`));
  },
});

// spec.connection is the template of the Connection the operator creates for an ExternalMariaDB: a
// secretTemplate.format that is not a valid Go template, or names a value the operator does not pass, makes that
// Connection fail as a Connection of one's own would (policies/connection/connection-template-rules.ts): the
// operator's Connection webhook refuses it, and the ExternalMariaDB never publishes its Secret.
import { formatProblems, TEMPLATE_VALUES } from '../connection/connection-template-rules.js';
import { defineRule } from '../rule.js';
import { EXTERNAL_MARIADB } from './external-mariadb-kind.js';

export const connectionTemplateInvalid = defineRule({
  id: 'externalmariadb/connection-template-invalid',
  kinds: [EXTERNAL_MARIADB],
  severity: 'error',
  reason: 'FieldValueInvalid',
  what: 'spec.connection.secretTemplate.format is not a valid Go template, or uses a value the operator does not pass.',
  why: "The operator creates a Connection from spec.connection; its Connection webhook refuses that format, or the Secret's DSN cannot connect.",
  fix: `Fix the template; its values are ${TEMPLATE_VALUES.map((v) => `.${v}`).join(', ')}, each in {{ }}.`,
  noCelTwin: "parses a Go template, which CEL's string functions cannot",
  check({ spec, at }) {
    const problems = formatProblems(spec, ['connection', 'secretTemplate']) ?? [];
    const shown = problems.some((p) => p.kind === 'syntax') ? problems.filter((p) => p.kind === 'syntax') : problems;
    return shown.map((p) =>
      at(
        'spec.connection.secretTemplate.format',
        `Invalid value: spec.connection.secretTemplate.format ${p.kind === 'syntax' ? 'is not a valid Go template ' : ''}at line ${p.line}, column ${p.column}: ${p.message}`,
      ),
    );
  },
});

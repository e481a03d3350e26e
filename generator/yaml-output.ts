// YAML as mdbkit writes it: stable, no line folding (long patterns and descriptions stay on one line,
// so diffs of generated files stay readable), a header comment first.
import { stringify } from 'yaml';
import { GENERATED_HEADER } from './output-file.js';

export function yamlText(value: unknown): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

export function withYamlHeader(source: string, body: string): string {
  return `# ${GENERATED_HEADER}: made from ${source} by mdbkit generate.\n${body}`;
}

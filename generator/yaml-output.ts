// YAML as mdbkit writes it: stable, no line folding (long patterns and descriptions stay on one line,
// so diffs of generated files stay readable), a header comment first.
import { createRequire } from 'node:module';
import { stringify } from 'yaml';
import { GENERATED_HEADER } from './output-file.js';
import { DIGEST_MARK } from './reuse-by-digest.js';

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/** What the text depends on besides the value: for a digest of a file's input (reuse-by-digest.ts). */
export const YAML_OUTPUT_FORMAT = { yaml: (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version, options: YAML_OPTIONS };

export function yamlText(value: unknown): string {
  return stringify(value, YAML_OPTIONS);
}

/** The header line, and the body; with a digest, the line records it (reuse-by-digest.ts). */
export function withYamlHeader(source: string, body: string, digest?: string): string {
  const made = `# ${GENERATED_HEADER}: made from ${source} by mdbkit generate`;
  return `${digest ? `${made}; ${DIGEST_MARK}${digest}` : `${made}.`}\n${body}`;
}

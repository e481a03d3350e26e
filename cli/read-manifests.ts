// Turns the PATH arguments into parsed YAML documents that keep their syntax trees, so that a finding's
// field path can be traced back to the line and column the user wrote (see field-position.ts).
// JSON is read as YAML too: it is (for manifests) a subset, and the positions come for free.
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, parseAllDocuments, visit, type Document } from 'yaml';
import { InputError, UsageError, systemErrorReason } from './cli-error.js';
import type { Finding } from './finding.js';
import { YAML_SYNTAX } from '../policies/document-rules.js';

export const STDIN_PATH = '-';
export const DEFAULT_STDIN_NAME = '<stdin>';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export const YAML_SYNTAX_RULE = YAML_SYNTAX.id;

export interface ManifestDocument {
  file: string;
  /** 0-based position among the file's non-empty documents. */
  index: number;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JSON data; `undefined` when it has syntax errors. */
  object: unknown;
  /** YAML errors (severity error) and warnings, already placed. */
  problems: Finding[];
}

export interface ManifestFile {
  file: string;
  documents: ManifestDocument[];
}

export interface InputSource {
  /** Display name: the path as given (forward slashes), or the stdin name. */
  file: string;
  /** Where to read it; `-` for standard input. */
  path: string;
}

export interface ExpandOptions {
  cwd: string;
  stdinName?: string;
  /** Called for a folder that holds no manifest files. */
  onEmptyFolder?: (folder: string) => void;
  /** Files a config file's `exclude` patterns leave out (by absolute path). */
  excluded?: (absolutePath: string) => boolean;
  /** Called for a file named on the command line that `excluded` leaves out. */
  onExcludedFile?: (file: string) => void;
}

/**
 * Files to read, in order: each argument as given, a folder as its *.yaml, *.yml and *.json files
 * found recursively in sorted order (hidden entries and node_modules are not entered).
 */
export function expandPaths(paths: readonly string[], options: ExpandOptions): InputSource[] {
  const out: InputSource[] = [];
  let stdinSeen = false;
  for (const given of paths) {
    if (given === STDIN_PATH) {
      if (stdinSeen) throw new UsageError('standard input (-) can be given only once');
      stdinSeen = true;
      out.push({ file: options.stdinName ?? DEFAULT_STDIN_NAME, path: STDIN_PATH });
      continue;
    }
    const absolute = resolve(options.cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      throw new InputError(`cannot read ${given}: ${systemErrorReason(error)}`);
    }
    if (stats.isDirectory()) {
      const found = walkFolder(absolute, given, new Set()).filter((source) => !options.excluded?.(source.path));
      if (found.length === 0) options.onEmptyFolder?.(given);
      out.push(...found);
    } else if (options.excluded?.(absolute)) {
      options.onExcludedFile?.(displayPath(given));
    } else {
      out.push({ file: displayPath(given), path: absolute });
    }
  }
  return out;
}

function walkFolder(absolute: string, shown: string, visited: Set<string>): InputSource[] {
  let real: string;
  let entries: string[];
  try {
    real = realpathSync(absolute);
    entries = readdirSync(absolute).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    throw new InputError(`cannot read ${displayPath(shown)}: ${systemErrorReason(error)}`);
  }
  // A symlinked folder pointing back up would otherwise recurse forever.
  if (visited.has(real)) return [];
  visited.add(real);
  const out: InputSource[] = [];
  for (const name of entries) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const childAbsolute = join(absolute, name);
    const childShown = join(shown, name);
    let stats;
    try {
      stats = statSync(childAbsolute);
    } catch (error) {
      throw new InputError(`cannot read ${displayPath(childShown)}: ${systemErrorReason(error)}`);
    }
    if (stats.isDirectory()) out.push(...walkFolder(childAbsolute, childShown, visited));
    else if (stats.isFile() && MANIFEST_EXTENSIONS.has(extname(name).toLowerCase())) {
      out.push({ file: displayPath(childShown), path: childAbsolute });
    }
  }
  return out;
}

function displayPath(path: string): string {
  return path.split('\\').join('/');
}

export async function readStdin(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads every source (all before any is linted, so an unreadable path stops the run early). */
export async function readSources(sources: readonly InputSource[], stdin: AsyncIterable<string | Uint8Array>): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  for (const source of sources) {
    if (source.path === STDIN_PATH) {
      out.push({ file: source.file, text: await readStdin(stdin) });
      continue;
    }
    try {
      out.push({ file: source.file, text: readFileSync(source.path, 'utf8') });
    } catch (error) {
      throw new InputError(`cannot read ${source.file}: ${systemErrorReason(error)}`);
    }
  }
  return out;
}

/** Every document of one file; empty documents (a trailing `---`, a file of comments) are dropped. */
export function parseManifests(file: string, text: string): ManifestFile {
  const lineCounter = new LineCounter();
  // prettyErrors would append a code frame to each message; a finding has its own line:column.
  // uniqueKeys: the yaml package compares every key with every earlier one (quadratic: a 90,000-key
  // mapping takes half a minute), so duplicates are found here instead, with a Set per mapping.
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const documents: ManifestDocument[] = [];
  for (const doc of parsed) {
    const problems: Finding[] = [];
    const place = (offset: number, end: number | undefined) => {
      const start = lineCounter.linePos(offset);
      const stop = end !== undefined && end > offset ? lineCounter.linePos(end) : undefined;
      return { line: start.line, column: start.col, ...(stop ? { endLine: stop.line, endColumn: stop.col } : {}) };
    };
    for (const error of doc.errors) {
      problems.push({ file, ...place(error.pos[0], error.pos[1]), severity: 'error', rule: YAML_SYNTAX_RULE, path: '', message: error.message });
    }
    const duplicates = duplicateKeyOffsets(doc);
    for (const [start, end] of duplicates) {
      problems.push({ file, ...place(start, end), severity: 'error', rule: YAML_SYNTAX_RULE, path: '', message: 'Map keys must be unique' });
    }
    for (const warning of doc.warnings) {
      problems.push({ file, ...place(warning.pos[0], warning.pos[1]), severity: 'warning', rule: YAML_SYNTAX_RULE, path: '', message: warning.message });
    }
    let object: unknown;
    if (doc.errors.length === 0 && duplicates.length === 0) {
      try {
        object = doc.toJS();
      } catch (error) {
        // An alias bomb ("Excessive alias count") or similar: a finding, not a crash.
        const offset = doc.contents?.range?.[0] ?? doc.range[0];
        problems.push({
          file,
          ...place(offset, undefined),
          severity: 'error',
          rule: YAML_SYNTAX_RULE,
          path: '',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const empty = doc.errors.length === 0 && duplicates.length === 0 && (object === null || object === undefined) && problems.length === 0;
    if (empty) continue;
    documents.push({ file, index: documents.length, doc, lineCounter, object, problems });
  }
  return { file, documents };
}

/** Where each repeated key of a mapping starts and ends, in one pass over the document. */
function duplicateKeyOffsets(doc: Document): Array<[number, number | undefined]> {
  const out: Array<[number, number | undefined]> = [];
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        // Scalar keys by value (1 and "1" differ, as in YAML); others (rare) by their text.
        const id = isScalar(key) ? `${typeof key.value}:${String(key.value)}` : `node:${String(key)}`;
        if (seen.has(id)) out.push([(key as { range?: [number, number] } | null)?.range?.[0] ?? 0, (key as { range?: [number, number] } | null)?.range?.[1]]);
        else seen.add(id);
      }
    },
  });
  return out;
}

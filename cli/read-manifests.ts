// Turns the PATH arguments into parsed YAML documents that keep their syntax trees, so that a finding's
// field path can be traced back to the line and column the user wrote (see field-position.ts).
// JSON is read as YAML too: it is (for manifests) a subset, and the positions come for free.
// Input is bounded: a file over --max-file-size is not read (its size is known from stat), standard input
// stops at the limit, and a file that is binary, a symbolic link loop or unreadable is one finding of its own
// while the rest of the run goes on. Documents are composed one at a time; a lint run streams them (twice) and
// re-parses the few documents that have findings to place them.
import { closeSync, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Composer, LineCounter, Parser, isMap, isScalar, parseDocument, visit, type CST, type Document, type DocumentOptions, type ParseOptions } from 'yaml';
import { InputError, UsageError, systemErrorReason } from './cli-error.js';
import type { Finding, SourceRange } from './finding.js';
import { DEFAULT_MAX_FILE_SIZE, formatSize, suggestedLimit } from './max-file-size-option.js';
import { INPUT_UNREADABLE, YAML_SYNTAX } from '../policies/document-rules.js';
import { MAX_YAML_DEPTH, emptyingDocuments, firstNestingPast } from './yaml-depth.js';

export const STDIN_PATH = '-';
export const DEFAULT_STDIN_NAME = '<stdin>';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export const YAML_SYNTAX_RULE = YAML_SYNTAX.id;
export const INPUT_UNREADABLE_RULE = INPUT_UNREADABLE.id;

/** How much of a file's start is looked at to tell a binary file from text. */
const SNIFF_BYTES = 1024;
const WHAT_TO_DO = 'nothing in it was checked; fix it, or leave it out of the paths (exclude in .mdbkit.yaml)';

export interface ManifestDocument {
  file: string;
  /** 0-based position among the file's non-empty documents. */
  index: number;
  /** Where the document begins in the file's text (its first character, `---` or directives included). */
  offset: number;
  /** The syntax tree; a streamed document parses it again from the file's text on each read (take it once). */
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Where the document begins: its first node, or its `---` when it has none. */
  start: SourceRange;
  /** The document as plain JSON data; `undefined` when it has syntax errors. */
  object: unknown;
  /** YAML errors (severity error) and warnings, already placed. */
  problems: Finding[];
  /**
   * For a streamed document (one that keeps no tree), how many characters of the file's text it spans: what a
   * lint run weighs when it decides to keep the document rather than parse it again.
   */
  textLength?: number;
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
  /** Why it cannot be read (a link loop, no permission): reported as a finding instead of reading it. */
  problem?: string;
}

/** A source's text, or why there is none. */
export type SourceText = { file: string; text: string } | { file: string; problem: string };

export interface ExpandOptions {
  cwd: string;
  stdinName?: string;
  /** Called for a folder that holds no manifest files. */
  onEmptyFolder?: (folder: string) => void;
  /** Files a config file's `exclude` patterns leave out (by absolute path). */
  excluded?: (absolutePath: string) => boolean;
  /** Called for a file named on the command line that `excluded` leaves out. */
  onExcludedFile?: (file: string, absolutePath: string) => void;
}

/**
 * Files to read, in order: each argument as given, a folder as its *.yaml, *.yml and *.json files
 * found recursively in sorted order (hidden entries and node_modules are not entered).
 * A path that does not exist is a usage mistake (exit 2); an entry that exists but cannot be read is kept
 * with its `problem`, to be reported beside the findings of everything else.
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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`cannot read ${given}: ${systemErrorReason(error)}`);
      out.push({ file: displayPath(given), path: absolute, problem: entryProblem(error) });
      continue;
    }
    if (stats.isDirectory()) {
      const found = walkFolder(absolute, given, new Set()).filter((source) => !options.excluded?.(source.path));
      if (found.length === 0) options.onEmptyFolder?.(given);
      out.push(...found);
    } else if (options.excluded?.(absolute)) {
      options.onExcludedFile?.(displayPath(given), absolute);
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
    return [{ file: displayPath(shown), path: absolute, problem: entryProblem(error, 'folder') }];
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
      // A dangling link to something that is not a manifest anyway is not worth a finding.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !MANIFEST_EXTENSIONS.has(extname(name).toLowerCase())) continue;
      out.push({ file: displayPath(childShown), path: childAbsolute, problem: entryProblem(error) });
      continue;
    }
    if (stats.isDirectory()) out.push(...walkFolder(childAbsolute, childShown, visited));
    else if (stats.isFile() && MANIFEST_EXTENSIONS.has(extname(name).toLowerCase())) {
      out.push({ file: displayPath(childShown), path: childAbsolute });
    }
  }
  return out;
}

/** What went wrong with an entry, and what to do, in the words of a finding. */
function entryProblem(error: unknown, what: 'file' | 'folder' = 'file'): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return `a symbolic link loop (the link leads back to itself): ${WHAT_TO_DO.replace('in it', 'there')}`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read this ${what}: permission denied; ${WHAT_TO_DO.replace('fix it', 'grant read permission')}`;
  return `cannot read this ${what}: ${systemErrorReason(error)}; ${WHAT_TO_DO}`;
}

function displayPath(path: string): string {
  return path.split('\\').join('/');
}

/** Standard input as text, or undefined when it goes on past `maxBytes` (reading stops there). */
export async function readStdin(stdin: AsyncIterable<string | Uint8Array>, maxBytes = Infinity): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    total += bytes.length;
    // Leaving the loop ends the iteration, which stops reading the stream.
    if (total > maxBytes) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Reads every source (all before any is linted, so a path missing at read time stops the run early). */
export async function readSources(
  sources: readonly InputSource[],
  stdin: AsyncIterable<string | Uint8Array>,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
): Promise<SourceText[]> {
  const out: SourceText[] = [];
  for (const source of sources) {
    if (source.problem !== undefined) {
      out.push({ file: source.file, problem: source.problem });
      continue;
    }
    if (source.path === STDIN_PATH) {
      const bytes = await readStdin(stdin, maxFileSize);
      if (bytes === undefined) {
        const problem = `standard input goes on past the ${formatSize(maxFileSize)} limit for one file, so it was not checked (reading stopped there): raise the limit with --max-file-size, e.g. --max-file-size ${suggestedLimit(maxFileSize + 1)}`;
        out.push({ file: source.file, problem });
      } else out.push(textOrProblem(source.file, bytes));
      continue;
    }
    let read;
    try {
      read = readBounded(source.path, maxFileSize);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`cannot read ${source.file}: ${systemErrorReason(error)}`);
      out.push({ file: source.file, problem: entryProblem(error) });
      continue;
    }
    if (typeof read === 'number') {
      const size = read > maxFileSize ? `${formatSize(read)}, over` : 'over';
      const problem = `this file is ${size} the ${formatSize(maxFileSize)} limit for one file, so it was not read: raise the limit (e.g. --max-file-size ${suggestedLimit(read)}) or split the file`;
      out.push({ file: source.file, problem });
    } else out.push(textOrProblem(source.file, read));
  }
  return out;
}

/**
 * The file's bytes, or its size when that is over `maxBytes`: known from fstat before anything is read, and
 * counted while reading for what stat cannot tell (a pipe, a device, a file still growing).
 */
function readBounded(path: string, maxBytes: number): Buffer | number {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error('EISDIR: illegal operation on a directory'), { code: 'EISDIR' });
    if (stats.isFile() && stats.size > maxBytes) return stats.size;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return total;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** The bytes as text, or one problem for a binary file: judged from its first KiB, not from thousands of YAML errors. */
function textOrProblem(file: string, bytes: Buffer): SourceText {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let why: string | undefined;
  if (head.includes(0)) why = 'NUL bytes';
  else {
    try {
      // stream: a character cut at the end of the first KiB is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      why = 'bytes that are not UTF-8';
    }
  }
  if (why) return { file, problem: `a binary file (${why} in its first KiB), not YAML or JSON: ${WHAT_TO_DO.replace('fix it, or ', '')}` };
  return { file, text: bytes.toString('utf8') };
}

/** A file that could not be read, as a file of one unreadable document holding the one finding. */
export function unreadableFile(file: string, problem: string): ManifestFile {
  const start = { line: 1, column: 1 };
  const finding: Finding = { file, ...start, severity: 'error', rule: INPUT_UNREADABLE_RULE, path: '', message: problem };
  const doc = parseDocument('');
  return { file, documents: [{ file, index: 0, offset: 0, doc, lineCounter: new LineCounter(), start, object: undefined, problems: [finding] }] };
}

// prettyErrors would append a code frame to each message; a finding has its own line:column.
// uniqueKeys: the yaml package compares every key with every earlier one (quadratic: a 90,000-key
// mapping takes half a minute), so duplicates are found here instead, with a Set per mapping.
const YAML_OPTIONS: ParseOptions & DocumentOptions = { prettyErrors: false, uniqueKeys: false };

/** Every document of one file; empty documents (a trailing `---`, a file of comments) are dropped. */
export function parseManifests(file: string, text: string): ManifestFile {
  return { file, documents: [...eachManifest(file, text, true)] };
}

/** A file's documents, parsed on each pass over them: at most one syntax tree and one object alive at a time. */
export interface StreamedManifestFile {
  file: string;
  documents: Iterable<ManifestDocument>;
  /** The documents again, taking those of `kept` (by their offset) as they are instead of parsing them anew. */
  reusing(kept: ReadonlyMap<number, ManifestDocument>): Iterable<ManifestDocument>;
}

/**
 * The file's documents as a sequence that parses the text again each time it is walked, keeping no trees:
 * a lint run walks it twice (once for the objects other documents refer to, once to judge each document), so
 * its memory follows those objects, not the number of documents.
 */
export function streamManifests(file: string, text: string): StreamedManifestFile {
  return {
    file,
    documents: { [Symbol.iterator]: () => eachManifest(file, text, false) },
    reusing: (kept) => ({ [Symbol.iterator]: () => eachManifest(file, text, false, kept) }),
  };
}

/**
 * The documents one at a time, as the composer completes each. Without `keepTrees` a document keeps only where it
 * is in the text, and its tree is parsed again when read (`default` prints every tree; lint places few findings).
 */
function* eachManifest(file: string, text: string, keepTrees: boolean, reuse: ReadonlyMap<number, ManifestDocument> = new Map()): Generator<ManifestDocument> {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(YAML_OPTIONS);
  let index = 0;
  // compose() pulls tokens as it goes and hands over each document when it is complete: one tree at a time.
  // Documents nested too deep, by their offset: where they first go past the limit.
  const deepDocuments = new Map<number, number>();
  const notComposed = (token: CST.Document): boolean => {
    if (reuse.has(token.offset)) return true;
    const past = firstNestingPast(token.value, MAX_YAML_DEPTH);
    if (past !== undefined) deepDocuments.set(token.offset, past);
    return past !== undefined;
  };
  for (const doc of composer.compose(emptyingDocuments(parser.parse(text), notComposed))) {
    const reused = reuse.get(doc.range[0]);
    if (reused) {
      index++;
      yield reused;
      continue;
    }
    const problems: Finding[] = [];
    const place = (offset: number, end: number | undefined) => {
      const start = lineCounter.linePos(offset);
      const stop = end !== undefined && end > offset ? lineCounter.linePos(end) : undefined;
      return { line: start.line, column: start.col, ...(stop ? { endLine: stop.line, endColumn: stop.col } : {}) };
    };
    for (const error of doc.errors) {
      problems.push({ file, ...place(error.pos[0], error.pos[1]), severity: 'error', rule: YAML_SYNTAX_RULE, path: '', message: error.message });
    }
    const tooDeep = deepDocuments.get(doc.range[0]);
    if (tooDeep !== undefined) {
      const message = `this document nests deeper than ${MAX_YAML_DEPTH} levels, far more than any Kubernetes object (the webhook refuses it too): nothing in it was checked`;
      problems.push({ file, ...place(tooDeep, undefined), severity: 'error', rule: YAML_SYNTAX_RULE, path: '', message });
    }
    const duplicates = tooDeep === undefined ? duplicateKeyOffsets(doc) : [];
    for (const [start, end] of duplicates) {
      problems.push({ file, ...place(start, end), severity: 'error', rule: YAML_SYNTAX_RULE, path: '', message: 'Map keys must be unique' });
    }
    for (const warning of doc.warnings) {
      problems.push({ file, ...place(warning.pos[0], warning.pos[1]), severity: 'warning', rule: YAML_SYNTAX_RULE, path: '', message: warning.message });
    }
    let object: unknown;
    if (doc.errors.length === 0 && tooDeep === undefined && duplicates.length === 0) {
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
    const startOffset = doc.contents?.range?.[0] ?? doc.range[0];
    const from = lineCounter.linePos(startOffset);
    const start = { line: from.line, column: from.col };
    if (keepTrees) yield { file, index: index++, offset: doc.range[0], doc, lineCounter, start, object, problems };
    else yield new ReparsedDocument(file, index++, lineCounter, start, object, problems, text, doc.range[0], doc.range[2]);
  }
}

/**
 * A document that keeps no syntax tree, only where it is in the file's text (shared by the file's documents):
 * `doc` parses that stretch again, with offsets (so positions) as in the whole file. A class, so that 100,000
 * of them share one getter and stay small objects.
 */
class ReparsedDocument implements ManifestDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    readonly lineCounter: LineCounter,
    readonly start: SourceRange,
    readonly object: unknown,
    readonly problems: Finding[],
    private readonly text: string,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get offset(): number {
    return this.from;
  }

  get textLength(): number {
    return this.to - this.from;
  }

  get doc(): Document.Parsed {
    const parser = new Parser();
    parser.offset = this.from;
    const composer = new Composer(YAML_OPTIONS);
    for (const doc of composer.compose(parser.parse(this.text.slice(this.from, this.to)))) return doc;
    return parseDocument('');
  }
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

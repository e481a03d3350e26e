// Where in the source a finding's field path points: the value the user wrote when the field is there,
// the key of an unknown field (the name is the mistake, not its value), and the nearest ancestor that
// exists when the field is missing (a required field has no text of its own to point at).
import { isAlias, isCollection, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { parseFieldPath } from '../policies/field-error.js';
import type { SourceRange } from './finding.js';

interface Step {
  /** The key of the pair that led here; undefined for sequence items and the root. */
  key?: Node;
  value: Node | null;
}

export function positionOfPath(doc: Document.Parsed, lineCounter: LineCounter, path: string, target: 'value' | 'key' = 'value'): SourceRange {
  const segments = parseFieldPath(path);
  let step: Step = { value: doc.contents };
  let found = true;
  for (const segment of segments) {
    const next = child(doc, step.value, segment);
    if (!next) {
      found = false;
      break;
    }
    step = next;
  }
  const node = chooseNode(step, found ? target : 'key');
  const range = node?.range;
  if (!range) return toRange(lineCounter, doc.range[0], undefined);
  return toRange(lineCounter, range[0], range[1]);
}

function child(doc: Document.Parsed, node: Node | null, segment: string | number): Step | undefined {
  // Descend through an alias into what it names; the alias itself stays the position of its own field.
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    for (const pair of resolved.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && String(key.value) === String(segment)) return { key, value: (pair.value as Node | null) ?? null };
    }
    return undefined;
  }
  if (isSeq(resolved) && typeof segment === 'number') {
    const item = resolved.items[segment] as Node | null | undefined;
    return item === undefined ? undefined : { value: item ?? null };
  }
  return undefined;
}

function chooseNode(step: Step, target: 'value' | 'key'): Node | undefined {
  const { key, value } = step;
  if (target === 'key' && key) return key;
  if (!value || !value.range) return key;
  // `storage:` with nothing after it parses to an empty scalar at the end of the line: the key reads better.
  if (value.range[0] === value.range[1] && key) return key;
  // A block map or list starts on the line below its key; the key is the line that names the field.
  if (key && isCollection(value) && !value.flow) return key;
  return value;
}

function toRange(lineCounter: LineCounter, start: number, end: number | undefined): SourceRange {
  const from = lineCounter.linePos(start);
  if (end === undefined || end <= start) return { line: from.line, column: from.col };
  const to = lineCounter.linePos(end);
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}

/** Where a document begins: its first node, or its `---` when it has none. */
export function documentStart(doc: Document.Parsed, lineCounter: LineCounter): SourceRange {
  const start = doc.contents?.range?.[0] ?? doc.range[0];
  const from = lineCounter.linePos(start);
  return { line: from.line, column: from.col };
}

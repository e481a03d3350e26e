// values.yaml with each key's description from values.schema.json as the comment above it, so that the
// file people copy from explains itself in the same words Helm's errors and the README use.
import { Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { JSONSchema } from '../../kinds/json-schema.js';
import { schemaAt } from './schema-at-path.js';

const COMMENT_WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** `notes` adds hand-written advice after the description of a key (`mariadb.spec.galera`). */
export function describedYaml(values: unknown, schema: JSONSchema, notes: Readonly<Record<string, string>> = {}): string {
  const doc = new Document(values);
  const annotate = (node: Node | null | undefined, path: string[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const childPath = [...path, name];
        const key = childPath.join('.').replace(/\.\[\]/g, '[]');
        const text = [schemaAt(schema, childPath)?.description ?? '', notes[key] ?? ''].join(' ').trim();
        if (text) pair.key.commentBefore = wrap(text, COMMENT_WIDTH).map((l) => ` ${l}`).join('\n');
        if (path.length === 0 && pair !== node.items[0]) pair.key.spaceBefore = true;
        annotate(pair.value as Node, childPath);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) annotate(item as Node, [...path, '[]']);
    }
  };
  annotate(doc.contents, []);
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

// How the user indents, read from the first nested block map and block list of a document, so that
// `mdbkit default` prints the manifest back the way it was written (kubectl's `- name` flush with its
// key, or indented as the yaml package prints by default).
import { isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from 'yaml';

export interface YamlStyle {
  indent: number;
  indentSeq: boolean;
}

export const DEFAULT_STYLE: YamlStyle = { indent: 2, indentSeq: true };

export function detectStyle(doc: Document.Parsed, lineCounter: LineCounter): YamlStyle {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  const column = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).col : undefined);
  visit(doc, {
    Pair(_, pair) {
      const value = pair.value as Node | null;
      if (!isScalar(pair.key) || !(isMap(value) || isSeq(value)) || value.flow) return;
      const keyColumn = column(pair.key);
      const valueColumn = column(value);
      if (keyColumn === undefined || valueColumn === undefined) return;
      // Only a collection that starts on a line of its own tells how the user indents.
      if (lineCounter.linePos(pair.key.range![0]).line === lineCounter.linePos(value.range![0]).line) return;
      if (isMap(value) && indent === undefined && valueColumn > keyColumn) indent = valueColumn - keyColumn;
      if (isSeq(value) && indentSeq === undefined) indentSeq = valueColumn > keyColumn;
      if (indent !== undefined && indentSeq !== undefined) return visit.BREAK;
      return undefined;
    },
  });
  return { indent: indent ?? DEFAULT_STYLE.indent, indentSeq: indentSeq ?? DEFAULT_STYLE.indentSeq };
}

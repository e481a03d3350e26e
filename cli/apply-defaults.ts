// Writes a defaulted object back into the YAML document it came from, changing only what differs, so
// the user's comments, key order and quoting survive (`mdbkit default` output should diff cleanly
// against its input). New keys are appended after the user's, in the order the policy set them.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { isObject } from '../policies/object-fields.js';

export function applyObject(doc: Document, after: unknown): void {
  const before = doc.toJS() as unknown;
  doc.contents = sync(doc, doc.contents, before, after);
}

function sync(doc: Document, node: Node | null, before: unknown, after: unknown): Node | null {
  if (sameJson(before, after)) return node;
  // An alias shares its anchor's value with other places: replace it here rather than edit the anchor.
  if (node && !isAlias(node)) {
    if (isMap(node) && isObject(before) && isObject(after)) {
      const present = new Set<string>();
      node.items = node.items.filter((pair) => {
        const key = keyOf(pair.key);
        return key === undefined || after[key] !== undefined;
      });
      for (const pair of node.items) {
        const key = keyOf(pair.key);
        if (key === undefined) continue;
        present.add(key);
        pair.value = sync(doc, (pair.value as Node | null) ?? null, before[key], after[key]);
      }
      for (const [key, value] of Object.entries(after)) {
        if (!present.has(key) && value !== undefined) node.items.push(doc.createPair(key, value));
      }
      return node;
    }
    if (isSeq(node) && Array.isArray(before) && Array.isArray(after)) {
      const items = node.items as Array<Node | null>;
      items.length = Math.min(items.length, after.length);
      for (let i = 0; i < items.length; i++) items[i] = sync(doc, items[i] ?? null, before[i], after[i]);
      for (let i = items.length; i < after.length; i++) items.push(doc.createNode(after[i]) as Node);
      return node;
    }
    if (isScalar(node) && isPlainScalar(after) && typeof node.value === typeof after && after !== null) {
      // Same type: keep the node, and with it its quoting and comments.
      node.value = after;
      return node;
    }
  }
  const replacement = doc.createNode(after) as Node;
  if (node) {
    replacement.comment = node.comment;
    replacement.commentBefore = node.commentBefore;
    replacement.spaceBefore = node.spaceBefore;
  }
  return replacement;
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

function isPlainScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

// A small, strict XML reader for the JUnit reporter's tests: it throws on anything not well-formed
// (unbalanced tags, unquoted or duplicate attributes, a bare & or <, text outside the root) and returns
// the element tree to assert on. No DTDs or processing instructions besides the declaration: the
// reporter writes neither, so meeting one is an error too.
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][-A-Za-z0-9._:]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// XML 1.0 forbids these characters anywhere in a document, even escaped.
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, where: string): string {
  if (raw.replace(ENTITY, '').includes('&')) throw new Error(`bare & in ${where}`);
  return raw.replace(ENTITY, (entity) => {
    const body = entity.slice(1, -1);
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return ENTITIES[body]!;
  });
}

export function parseXml(xml: string): XmlElement {
  if (INVALID_CHARS.test(xml)) throw new Error('a character XML 1.0 does not allow');
  let rest = xml.replace(/^<\?xml\s[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const openTag = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
  const attribute = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
  while (rest.length > 0) {
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) throw new Error('unclosed comment');
      rest = rest.slice(end + 3);
    } else if (rest.startsWith('</')) {
      const match = new RegExp(`^</(${NAME})\\s*>`).exec(rest);
      const open = stack.pop();
      if (!match || !open || open.name !== match[1]) throw new Error(`unbalanced </${match?.[1] ?? '?'}> (open: ${open?.name ?? 'none'})`);
      rest = rest.slice(match[0].length);
    } else if (rest.startsWith('<')) {
      const match = openTag.exec(rest);
      if (!match) throw new Error(`malformed tag at: ${rest.slice(0, 40)}`);
      if (root && stack.length === 0) throw new Error(`second root element <${match[1]}>`);
      const element: XmlElement = { name: match[1]!, attributes: {}, children: [], text: '' };
      for (const [, name, double, single] of match[2]!.matchAll(attribute)) {
        if (name! in element.attributes) throw new Error(`duplicate attribute ${name} on <${element.name}>`);
        element.attributes[name!] = decode(double ?? single ?? '', `attribute ${name}`);
      }
      stack.at(-1)?.children.push(element);
      root ??= element;
      if (match[3] !== '/') stack.push(element);
      rest = rest.slice(match[0].length);
    } else {
      const end = rest.indexOf('<');
      const raw = end < 0 ? rest : rest.slice(0, end);
      const current = stack.at(-1);
      if (!current) {
        if (raw.trim() !== '') throw new Error(`text outside the root element: ${raw.trim().slice(0, 40)}`);
      } else {
        if (raw.includes(']]>')) throw new Error(']]> in text');
        current.text += decode(raw, `<${current.name}>`);
      }
      rest = end < 0 ? '' : rest.slice(end);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element named `name` in the tree, depth first. */
export function elements(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = root.name === name ? [root] : [];
  for (const child of root.children) out.push(...elements(child, name));
  return out;
}

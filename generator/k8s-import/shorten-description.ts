/** Descriptions are hover text in editors and add to every CRD's size; a sentence is enough. */
export const MAX_DESCRIPTION_LENGTH = 200;

// Abbreviations whose period is not a sentence end in Kubernetes descriptions.
const ABBREVIATIONS = new Set(['e.g.', 'i.e.', 'ex.', 'vs.', 'approx.']);

// A period, `?` or `!` followed by whitespace, or by the end of the text.
const SENTENCE_END = /[.!?](?=\s|$)/g;

// The generator flattens blank-line paragraph breaks into two spaces; two spaces before lowercase are upstream typos.
const PARAGRAPH_BREAK = /\n\s*\n| {2,}(?=[A-Z0-9"'`(])/;

// Links are not useful in a one-sentence hover text.
const MORE_INFO_LINK = /\s*More info:\s*https?:\/\/\S+/g;

// A bare "Required." says nothing the schema's `required` list does not.
const BARE_REQUIRED = /^Required\.\s+/;

/** Keeps the first sentence of the first paragraph, cut on a word boundary if it is still too long. */
export function shortenDescription(text: string): string {
  const paragraph = firstParagraph(text);
  const sentence = firstSentence(paragraph);
  return sentence.length <= MAX_DESCRIPTION_LENGTH ? sentence : cutOnWordBoundary(sentence);
}

function firstParagraph(text: string): string {
  const [first = ''] = text.trim().replace(BARE_REQUIRED, '').split(PARAGRAPH_BREAK);
  return first.replace(MORE_INFO_LINK, '').replace(/\s+/g, ' ').trim();
}

function firstSentence(paragraph: string): string {
  for (const match of paragraph.matchAll(SENTENCE_END)) {
    const end = match.index + 1;
    const lastWord = (paragraph.slice(0, end).split(' ').pop() ?? '').replace(/^["'`(]+/, '');
    if (ABBREVIATIONS.has(lastWord.toLowerCase())) continue;
    return paragraph.slice(0, end);
  }
  return paragraph;
}

/** Cuts before the limit at a space, never inside an unclosed bracket or quote, and marks the cut. */
function cutOnWordBoundary(sentence: string): string {
  let cut = sentence.lastIndexOf(' ', MAX_DESCRIPTION_LENGTH - 1);
  while (cut > 0) {
    const head = sentence.slice(0, cut).replace(/[\s,;:(\-–—]+$/, '');
    if (head.length > 0 && isBalanced(head)) return `${head}…`;
    cut = sentence.lastIndexOf(' ', cut - 1);
  }
  throw new Error(`cannot shorten description: ${sentence}`);
}

function isBalanced(text: string): boolean {
  const count = (pattern: RegExp): number => (text.match(pattern) ?? []).length;
  return count(/\(/g) === count(/\)/g) && count(/`/g) % 2 === 0 && count(/"/g) % 2 === 0;
}

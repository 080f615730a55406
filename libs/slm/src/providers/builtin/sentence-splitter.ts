/** Abbreviations whose full stop does not end a sentence (lower case, without the dot). */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'no',
  'approx',
  'incl',
  'min',
  'max',
  'fig',
  'inc',
  'ltd',
  'co',
]);

const BULLET = /^\s*(?:[-*•+]|\d+[.)]|#{1,6})\s+/;
const BOUNDARY = /([.!?]+["'”’)\]]*)\s+(?=["'“‘(\[]?[\p{Lu}\p{N}])/gu;

/**
 * Splits a passage into sentences: each line on its own (lists and headings are lines), then at a
 * terminal mark followed by a capital or digit, unless the mark closes an abbreviation or a single
 * initial ("J. Smith"). Bullet and heading markers are dropped so a quoted sentence reads cleanly.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(BULLET, '').trim();
    if (line) sentences.push(...splitLine(line));
  }
  return sentences;
}

function splitLine(line: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const match of line.matchAll(BOUNDARY)) {
    const end = (match.index ?? 0) + match[1].length;
    const before = line.slice(start, match.index).split(/\s+/).pop() ?? '';
    if (match[1] === '.' && isAbbreviation(before)) continue;
    parts.push(line.slice(start, end).trim());
    start = end;
  }
  const rest = line.slice(start).trim();
  if (rest) parts.push(rest);
  return parts;
}

function isAbbreviation(word: string): boolean {
  const bare = word.replace(/^["'“‘(\[]+/, '').toLowerCase();
  return ABBREVIATIONS.has(bare) || /^\p{L}$/u.test(bare);
}

/** Text handling shared by the builtin embedder and extractive generator. Deterministic and locale-free. */

// Function words carry little meaning; they are down-weighted, not dropped, so "to be or not to be" still embeds.
export const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what when ' +
    'where which who why will with would you your yours about please hi hello thanks thank ' +
    // Verbs questions are phrased with ("how long does it take", "I need to") say little about the topic.
    'take get need want tell know like just also any some'
  ).split(' '),
);

/** Lower case, compatibility forms folded (ﬁ → fi), accents removed (café → cafe). */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words are runs of letters and digits in any script. */
export function wordsOf(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A deliberately light stemmer (plural and common verb endings), enough for "refunds" to meet "refund"
 * and "shipping" to meet "shipped" without a language-specific library.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return undouble(word.slice(0, -suffix.length));
  }
  if (word.endsWith('es') && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function undouble(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(word) ? word.slice(0, -1) : word;
}

/** Content terms of a text: stemmed words that are not stopwords. */
export function contentTerms(text: string): string[] {
  return wordsOf(text)
    .map((word) => (STOPWORDS.has(word) ? '' : stem(word)))
    .filter((term) => term !== '' && !STOPWORDS.has(term));
}

/** 32-bit FNV-1a over UTF-16 code units, with a final avalanche so nearby strings spread over the buckets. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

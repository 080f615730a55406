import { ProductEntity } from './entity.types';
import { WordToken, boundedEditDistance, foldedWords } from './text-folding';

interface CatalogEntry {
  readonly name: string;
  readonly words: string[];
}

/** Typos are tolerated only in longer words; "air" vs "aim" is a different word, not a typo. */
function allowedEdits(word: string): number {
  if (word.length >= 9) return 2;
  return word.length >= 5 ? 1 : 0;
}

interface Candidate {
  readonly entry: CatalogEntry;
  readonly edits: number;
}

function matchAt(entry: CatalogEntry, tokens: readonly WordToken[], at: number): Candidate | null {
  if (at + entry.words.length > tokens.length) return null;
  let edits = 0;
  for (let k = 0; k < entry.words.length; k++) {
    const word = entry.words[k];
    const token = tokens[at + k].folded;
    if (token === word) continue;
    const limit = allowedEdits(word);
    if (limit === 0) return null;
    const distance = boundedEditDistance(token, word, limit);
    if (distance > limit) return null;
    edits += distance;
  }
  return edits <= 2 ? { entry, edits } : null;
}

/**
 * Matches the tenant's product names case- and accent-insensitively, word by word, tolerating one typo
 * per word of five letters or more (two from nine). At each position the longest, then closest, name wins.
 */
export class ProductCatalog {
  private readonly entries: CatalogEntry[];

  constructor(names: readonly string[]) {
    this.entries = names
      .map((name) => ({ name, words: foldedWords(name).map((w) => w.folded) }))
      .filter((entry) => entry.words.length > 0)
      .sort((a, b) => b.words.length - a.words.length);
  }

  extract(text: string): ProductEntity[] {
    if (this.entries.length === 0) return [];
    const tokens = foldedWords(text);
    const found: ProductEntity[] = [];
    for (let at = 0; at < tokens.length;) {
      const best = this.bestAt(tokens, at);
      if (!best) {
        at++;
        continue;
      }
      const last = tokens[at + best.entry.words.length - 1];
      const start = tokens[at].start;
      const value = best.entry.name;
      found.push({
        type: 'product',
        text: text.slice(start, last.end),
        start,
        end: last.end,
        value,
        edits: best.edits,
      });
      at += best.entry.words.length;
    }
    return found;
  }

  private bestAt(tokens: readonly WordToken[], at: number): Candidate | null {
    let best: Candidate | null = null;
    for (const entry of this.entries) {
      if (best && entry.words.length < best.entry.words.length) break;
      const candidate = matchAt(entry, tokens, at);
      if (candidate && (!best || candidate.edits < best.edits)) best = candidate;
    }
    return best;
  }
}

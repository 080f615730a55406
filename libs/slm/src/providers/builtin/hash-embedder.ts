import { EmbeddingBackend } from '../provider.types';
import { hash32, stem, STOPWORDS, wordsOf } from './text-features';

const WORD_WEIGHT = 1;
const STOPWORD_WEIGHT = 0.2;
const BIGRAM_WEIGHT = 0.6;
/** Character n-grams catch typos and word forms the stemmer misses; many per word, so each weighs little. */
const CHAR_NGRAM_WEIGHT = 0.25;
const CHAR_NGRAM_SIZES = [3, 4];
/** The feature an empty text hashes to, so even "" gets a unit vector and cosine similarity stays defined. */
const EMPTY_FEATURE = '\u0000empty';

/**
 * The offline embedder: words, word bigrams and character n-grams hashed into a fixed number of buckets
 * ("feature hashing"), each with a hash-derived sign so collisions cancel out on average, then L2-normalised.
 * No weights, no window: any text, any length, the same vector on every machine.
 */
export class HashEmbedder implements EmbeddingBackend {
  constructor(readonly dimension: number) {}

  async load(): Promise<void> {}

  async dispose(): Promise<void> {}

  async embedBatch(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedText(text));
  }

  embedText(text: string): number[] {
    const vector = new Float64Array(this.dimension);
    const words = wordsOf(text);
    if (words.length === 0) this.add(vector, EMPTY_FEATURE, 1);
    const stems = words.map((word) => (STOPWORDS.has(word) ? '' : stem(word)));
    words.forEach((word, i) => {
      const isStop = stems[i] === '';
      this.add(vector, `w:${isStop ? word : stems[i]}`, isStop ? STOPWORD_WEIGHT : WORD_WEIGHT);
      if (i > 0 && !isStop && stems[i - 1] !== '') this.add(vector, `b:${stems[i - 1]} ${stems[i]}`, BIGRAM_WEIGHT);
      if (!isStop) this.addCharNgrams(vector, word);
    });
    return normalize(vector);
  }

  private addCharNgrams(vector: Float64Array, word: string): void {
    const padded = `<${word}>`;
    for (const n of CHAR_NGRAM_SIZES) {
      for (let i = 0; i + n <= padded.length; i++) this.add(vector, `c:${padded.slice(i, i + n)}`, CHAR_NGRAM_WEIGHT);
    }
  }

  private add(vector: Float64Array, feature: string, weight: number): void {
    const h = hash32(feature);
    vector[h % this.dimension] += h & 0x80000000 ? -weight : weight;
  }
}

function normalize(vector: Float64Array): number[] {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  // All features cancelling exactly is practically impossible, but a zero vector must never escape.
  if (norm === 0) return Array.from(vector, (_, i) => (i === 0 ? 1 : 0));
  return Array.from(vector, (v) => v / norm);
}

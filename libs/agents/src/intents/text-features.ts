import { classConcentration } from './class-concentration';
import { porterStem } from './porter-stemmer';
import { SparseVector, concatSparseVectors, sparseVectorFromMap } from './sparse-vector';

/** Which n-grams to extract; a block with weight 0 or an empty range is left out. */
export interface TextFeatureOptions {
  /** Word n-gram lengths, inclusive, e.g. [1, 2] for unigrams and bigrams. */
  readonly wordNgramRange: readonly [number, number];
  /** Character n-gram lengths inside word boundaries (each word padded with spaces), e.g. [2, 5]. */
  readonly charNgramRange: readonly [number, number];
  /** An n-gram must occur in at least this many training texts to enter the vocabulary. */
  readonly minDocumentCount: number;
  /** L2 norm given to the word block and the char block, so neither drowns the other by sheer count. */
  readonly wordBlockWeight: number;
  readonly charBlockWeight: number;
  /**
   * L2 norm given to the sentence embedding appended after the n-grams, when the classifier is trained
   * with an embedder (see EmbeddingTable); ignored without one. Absent in older states: 0.
   */
  readonly denseBlockWeight?: number;
  /**
   * Word n-grams are built from Porter stems ("cancelled" and "cancelling" meet); character n-grams
   * still see the words as typed. Absent in older states: false.
   */
  readonly stemWords?: boolean;
  /**
   * Each n-gram's idf is multiplied by 1 + classWeighting × its class concentration (see
   * classConcentration) when the vectoriser is fitted with labels. Absent in older states: 0.
   */
  readonly classWeighting?: number;
}

export const DEFAULT_TEXT_FEATURE_OPTIONS: TextFeatureOptions = {
  wordNgramRange: [1, 2],
  charNgramRange: [2, 5],
  minDocumentCount: 2,
  wordBlockWeight: 1,
  charBlockWeight: 1,
};

/** JSON-able state of a fitted vectoriser. */
export interface TextVectorizerState {
  readonly options: TextFeatureOptions;
  readonly wordVocabulary: string[];
  readonly charVocabulary: string[];
  readonly wordIdf: number[];
  readonly charIdf: number[];
  /** Length of the embedding block; absent (0) for vectorisers fitted without an embedder. */
  readonly denseDimension?: number;
}

/**
 * Lower-cases, folds Unicode compatibility forms, drops apostrophes inside words (so "hasn't" and
 * "hasnt" meet) and collapses digit runs, because amounts and dates rarely carry the intent.
 */
export function tokenize(text: string): string[] {
  const normalized = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/(\p{L})'(\p{L})/gu, '$1$2')
    .replace(/\p{N}+/gu, '0');
  return normalized.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);
}

export function wordNgrams(tokens: readonly string[], [min, max]: readonly [number, number]): string[] {
  const grams: string[] = [];
  for (let n = Math.max(1, min); n <= max; n++) {
    for (let i = 0; i + n <= tokens.length; i++) grams.push(tokens.slice(i, i + n).join(' '));
  }
  return grams;
}

export function charNgrams(tokens: readonly string[], [min, max]: readonly [number, number]): string[] {
  const grams: string[] = [];
  if (max < 1) return grams;
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = Math.max(1, min); n <= max; n++) {
      for (let i = 0; i + n <= padded.length; i++) grams.push(padded.substring(i, i + n));
    }
  }
  return grams;
}

function wordGramsOf(tokens: readonly string[], options: TextFeatureOptions): string[] {
  return wordNgrams(options.stemWords ? tokens.map(porterStem) : tokens, options.wordNgramRange);
}

function countTerms(grams: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const gram of grams) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  return counts;
}

interface FeatureBlock {
  readonly vocabulary: string[];
  readonly index: Map<string, number>;
  readonly idf: Float32Array;
  readonly weight: number;
  readonly offset: number;
}

/** Labels of the texts a vectoriser is fitted on, for supervised term weighting. */
export interface FitLabels {
  readonly labels: ArrayLike<number>;
  readonly numClasses: number;
}

function fitBlock(
  documents: readonly string[][],
  minCount: number,
  weight: number,
  offset: number,
  supervision?: { readonly labels: FitLabels; readonly strength: number },
): FeatureBlock {
  const documentCounts = new Map<string, number>();
  for (const grams of documents) {
    for (const gram of new Set(grams)) documentCounts.set(gram, (documentCounts.get(gram) ?? 0) + 1);
  }
  const vocabulary = [...documentCounts.entries()]
    .filter(([, count]) => count >= minCount)
    .map(([gram]) => gram)
    .sort();
  const idf = vocabulary.map((gram) => Math.log((1 + documents.length) / (1 + documentCounts.get(gram)!)) + 1);
  if (supervision && supervision.strength > 0) {
    const { labels, numClasses } = supervision.labels;
    const concentration = classConcentration(documents, labels, numClasses, vocabulary);
    for (let i = 0; i < idf.length; i++) idf[i] *= 1 + supervision.strength * concentration[i];
  }
  return buildBlock(vocabulary, idf, weight, offset);
}

function buildBlock(vocabulary: string[], idf: readonly number[], weight: number, offset: number): FeatureBlock {
  const index = new Map<string, number>();
  vocabulary.forEach((gram, i) => index.set(gram, i));
  return { vocabulary, index, idf: Float32Array.from(idf), weight, offset };
}

/** Sublinear tf-idf (1 + ln tf) over the block's vocabulary, L2-normalised to the block weight. */
function vectorizeBlock(block: FeatureBlock, grams: readonly string[]): SparseVector {
  const entries = new Map<number, number>();
  for (const [gram, count] of countTerms(grams)) {
    const local = block.index.get(gram);
    if (local !== undefined) entries.set(block.offset + local, (1 + Math.log(count)) * block.idf[local]);
  }
  return sparseVectorFromMap(entries, block.weight);
}

/**
 * Turns text into sparse word and character n-gram tf-idf vectors. A vocabulary with a minimum
 * document count (rather than hashing) keeps the weight matrix small and collision free, and lets the
 * model be inspected.
 */
export class TextVectorizer {
  private constructor(
    readonly options: TextFeatureOptions,
    private readonly wordBlock: FeatureBlock,
    private readonly charBlock: FeatureBlock,
    /** Embedding length this vectoriser appends (0: none). */
    readonly denseDimension = 0,
  ) {}

  /**
   * `denseDimension`: length of the embeddings that will be passed to `transform` (0: none). `labels`:
   * the texts' classes, for `classWeighting` (folded into the stored idf, so `transform` never needs them).
   */
  static fit(
    texts: readonly string[],
    options: TextFeatureOptions = DEFAULT_TEXT_FEATURE_OPTIONS,
    denseDimension = 0,
    labels?: FitLabels,
  ): TextVectorizer {
    const tokenized = texts.map(tokenize);
    const wordBlock = options.wordBlockWeight > 0 ? tokenized.map((t) => wordGramsOf(t, options)) : [];
    const charBlock = options.charBlockWeight > 0 ? tokenized.map((t) => charNgrams(t, options.charNgramRange)) : [];
    const supervision = labels ? { labels, strength: options.classWeighting ?? 0 } : undefined;
    const words = fitBlock(wordBlock, options.minDocumentCount, options.wordBlockWeight, 0, supervision);
    const offset = words.vocabulary.length;
    const chars = fitBlock(charBlock, options.minDocumentCount, options.charBlockWeight, offset, supervision);
    return new TextVectorizer(options, words, chars, (options.denseBlockWeight ?? 0) > 0 ? denseDimension : 0);
  }

  static fromState(state: TextVectorizerState): TextVectorizer {
    const words = buildBlock(state.wordVocabulary, state.wordIdf, state.options.wordBlockWeight, 0);
    const chars = buildBlock(
      state.charVocabulary,
      state.charIdf,
      state.options.charBlockWeight,
      state.wordVocabulary.length,
    );
    return new TextVectorizer(state.options, words, chars, state.denseDimension ?? 0);
  }

  private get sparseDimension(): number {
    return this.wordBlock.vocabulary.length + this.charBlock.vocabulary.length;
  }

  get dimension(): number {
    return this.sparseDimension + this.denseDimension;
  }

  /**
   * Text with no known n-gram yields an empty vector; the model then falls back to its bias. A
   * vectoriser with a dense block needs the text's unit-length `embedding` and appends it, scaled to
   * the block weight; one without ignores it.
   */
  transform(text: string, embedding?: ArrayLike<number>): SparseVector {
    const tokens = tokenize(text);
    const parts: SparseVector[] = [];
    if (this.wordBlock.weight > 0) parts.push(vectorizeBlock(this.wordBlock, wordGramsOf(tokens, this.options)));
    if (this.charBlock.weight > 0)
      parts.push(vectorizeBlock(this.charBlock, charNgrams(tokens, this.options.charNgramRange)));
    if (this.denseDimension > 0) parts.push(this.denseBlock(embedding));
    return concatSparseVectors(parts);
  }

  /** False for an embedding-only vectoriser, which cannot tell whether it knows a text. */
  get hasNgrams(): boolean {
    return this.sparseDimension > 0;
  }

  /** True when the vector (from `transform`) has at least one known n-gram; the embedding does not count. */
  knows(vector: SparseVector): boolean {
    return vector.indices.length > 0 && vector.indices[0] < this.sparseDimension;
  }

  private denseBlock(embedding: ArrayLike<number> | undefined): SparseVector {
    if (!embedding || embedding.length !== this.denseDimension) {
      throw new Error(
        `This text vectoriser appends a ${this.denseDimension}-dimension embedding; got ${embedding ? embedding.length : 'none'}`,
      );
    }
    const weight = this.options.denseBlockWeight ?? 0;
    const indices = new Int32Array(this.denseDimension);
    const values = new Float32Array(this.denseDimension);
    for (let i = 0; i < this.denseDimension; i++) {
      indices[i] = this.sparseDimension + i;
      values[i] = embedding[i] * weight;
    }
    return { indices, values };
  }

  toState(): TextVectorizerState {
    return {
      options: this.options,
      wordVocabulary: this.wordBlock.vocabulary,
      charVocabulary: this.charBlock.vocabulary,
      wordIdf: Array.from(this.wordBlock.idf),
      charIdf: Array.from(this.charBlock.idf),
      ...(this.denseDimension > 0 ? { denseDimension: this.denseDimension } : {}),
    };
  }
}

import type { Embedder } from '@app/slm';

/** Which embedder a model's dense block came from; a model only accepts vectors from the same one. */
export interface EmbedderRef {
  readonly id: string;
  readonly dimension: number;
}

/** What the classifier needs of an embedder (the `Embedder` of @app/slm fits). */
export type SentenceEmbedder = Pick<Embedder, 'id' | 'embed'>;

/** Texts per embed call while training: large enough to batch, small enough to keep memory flat. */
const EMBED_BATCH = 64;

/**
 * Only a transformers (sentence-encoder) embedder adds information the n-gram features lack; the builtin
 * hashing embedder re-hashes the same words and character n-grams, and a remote one would put a network
 * call on every message. So intent models use embeddings exactly when SLM_EMBEDDER is `transformers:…`.
 */
export function intentEmbedderOf<T extends SentenceEmbedder>(embedder: T | null | undefined): T | null {
  return embedder && embedder.id.startsWith('transformers:') ? embedder : null;
}

/** Scales a vector to unit length (copying it), so the dense block has a fixed norm whatever the model. */
export function unitVector(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values);
  let squares = 0;
  for (const v of out) squares += v * v;
  if (squares > 0) {
    const scale = 1 / Math.sqrt(squares);
    for (let i = 0; i < out.length; i++) out[i] *= scale;
  }
  return out;
}

/**
 * Sentence embeddings of a fixed set of texts, computed once up front so that training (synchronous,
 * several passes over the data) can look them up by text.
 */
export class EmbeddingTable {
  private constructor(
    readonly embedder: EmbedderRef,
    private readonly vectors: ReadonlyMap<string, Float32Array>,
  ) {}

  static async build(
    embedder: SentenceEmbedder,
    texts: readonly string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<EmbeddingTable> {
    const unique = [...new Set(texts)];
    const vectors = new Map<string, Float32Array>();
    for (let start = 0; start < unique.length; start += EMBED_BATCH) {
      const batch = unique.slice(start, start + EMBED_BATCH);
      const embedded = await embedder.embed(batch, options);
      batch.forEach((text, i) => vectors.set(text, unitVector(embedded[i])));
    }
    const dimension = vectors.values().next().value?.length ?? 0;
    if (dimension === 0) throw new Error(`${embedder.id} returned no embedding dimensions`);
    return new EmbeddingTable({ id: embedder.id, dimension }, vectors);
  }

  /** The text's vector; a text the table was not built with is a programming error. */
  vector(text: string): Float32Array {
    const vector = this.vectors.get(text);
    if (!vector) throw new Error(`No embedding computed for "${text.slice(0, 40)}"`);
    return vector;
  }
}

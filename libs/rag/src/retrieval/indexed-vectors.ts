/**
 * How vectors of each dimension are indexed. pgvector's HNSW index takes `vector` up to 2,000
 * dimensions and `halfvec` (16-bit floats) up to 4,000. So a wider embedder (OpenAI's
 * text-embedding-3-large makes 3,072) gets an index over its vectors cast to `halfvec`, and its
 * queries compare in that type so that the index serves them; the stored vectors keep full precision.
 * Nothing indexes more than 4,000 dimensions: such an embedder is refused before a collection uses it.
 */
export const MAX_VECTOR_DIMENSIONS = 4000;

const MAX_FULL_PRECISION_DIMENSIONS = 2000;

/** Why vectors of this size cannot be searched, or null when they can. */
export function describeUnindexableDimensions(dimensions: number): string | null {
  if (!Number.isInteger(dimensions) || dimensions < 1) return `${dimensions} is not a vector size`;
  if (dimensions > MAX_VECTOR_DIMENSIONS)
    return `it makes ${dimensions}-dimensional vectors, and pgvector's HNSW index takes at most ${MAX_VECTOR_DIMENSIONS}`;
  return null;
}

/** The dimension is inlined into SQL (the partial index must match it literally), so it must be a sane integer. */
export function checkedDimensions(dimensions: number): number {
  const problem = describeUnindexableDimensions(dimensions);
  if (problem) throw new Error(`bad dimension: ${problem}`);
  return dimensions;
}

/** The SQL type a dimension's vectors are indexed and compared as: `vector(n)`, or `halfvec(n)` past 2,000. */
export function indexedVectorType(dimensions: number): { type: string; cosineOps: string } {
  const n = checkedDimensions(dimensions);
  return n > MAX_FULL_PRECISION_DIMENSIONS
    ? { type: `halfvec(${n})`, cosineOps: 'halfvec_cosine_ops' }
    : { type: `vector(${n})`, cosineOps: 'vector_cosine_ops' };
}

/** A sparse feature vector: parallel arrays of feature indices and their values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export const EMPTY_SPARSE_VECTOR: SparseVector = { indices: new Int32Array(0), values: new Float32Array(0) };

/** Builds a vector from an index → value map, optionally scaling it to the given L2 norm. */
export function sparseVectorFromMap(entries: Map<number, number>, targetNorm?: number): SparseVector {
  const indices = new Int32Array(entries.size);
  const values = new Float32Array(entries.size);
  let i = 0;
  let squares = 0;
  for (const [index, value] of entries) {
    indices[i] = index;
    values[i] = value;
    squares += value * value;
    i++;
  }
  if (targetNorm !== undefined && squares > 0) {
    const scale = targetNorm / Math.sqrt(squares);
    for (let j = 0; j < values.length; j++) values[j] *= scale;
  }
  return { indices, values };
}

/** Concatenates vectors whose index ranges do not overlap (one per feature block). */
export function concatSparseVectors(parts: readonly SparseVector[]): SparseVector {
  const size = parts.reduce((sum, part) => sum + part.indices.length, 0);
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  let offset = 0;
  for (const part of parts) {
    indices.set(part.indices, offset);
    values.set(part.values, offset);
    offset += part.indices.length;
  }
  return { indices, values };
}

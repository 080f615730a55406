/** The parts of a transformers.js Tensor pooling reads. */
export interface TensorLike {
  dims: number[];
  data: ArrayLike<number> | ArrayLike<bigint>;
}

/**
 * Pools token vectors [rows, tokens, dim] into one vector per row: the mean over real (mask = 1) tokens,
 * or the first token for CLS-pooled models, then L2-normalised. One pass over typed arrays straight into
 * plain arrays: the tensor-op version allocates three intermediate tensors and nested lists per call.
 */
export function poolRows(hidden: TensorLike, mask: TensorLike, mode: 'mean' | 'cls', normalize: boolean): number[][] {
  const [rows, tokens, dim] = hidden.dims;
  const values = hidden.data as ArrayLike<number>;
  const maskData = mask.data as ArrayLike<number | bigint>;
  const out: number[][] = [];
  for (let row = 0; row < rows; row++) {
    const vector = new Array<number>(dim).fill(0);
    let count = 0;
    const lastToken = mode === 'cls' ? 1 : tokens;
    for (let t = 0; t < lastToken; t++) {
      if (mode === 'mean' && Number(maskData[row * tokens + t]) === 0) continue;
      const offset = (row * tokens + t) * dim;
      for (let d = 0; d < dim; d++) vector[d] += values[offset + d];
      count++;
    }
    out.push(finish(vector, Math.max(1, count), normalize));
  }
  return out;
}

function finish(vector: number[], count: number, normalize: boolean): number[] {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) {
    vector[d] /= count;
    norm += vector[d] * vector[d];
  }
  if (!normalize || norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let d = 0; d < vector.length; d++) vector[d] *= scale;
  return vector;
}

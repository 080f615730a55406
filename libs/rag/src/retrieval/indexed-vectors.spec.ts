import { checkedDimensions, describeUnindexableDimensions, indexedVectorType } from './indexed-vectors';

describe('indexed vectors', () => {
  it('indexes full-precision vectors up to 2,000 dimensions and half-precision ones up to 4,000', () => {
    expect(indexedVectorType(384)).toEqual({ type: 'vector(384)', cosineOps: 'vector_cosine_ops' });
    expect(indexedVectorType(2000)).toEqual({ type: 'vector(2000)', cosineOps: 'vector_cosine_ops' });
    expect(indexedVectorType(2001)).toEqual({ type: 'halfvec(2001)', cosineOps: 'halfvec_cosine_ops' });
    expect(indexedVectorType(4000)).toEqual({ type: 'halfvec(4000)', cosineOps: 'halfvec_cosine_ops' });
  });

  it('names why a size cannot be indexed, and never lets one into SQL', () => {
    expect(describeUnindexableDimensions(4000)).toBeNull();
    expect(describeUnindexableDimensions(4001)).toBe(
      "it makes 4001-dimensional vectors, and pgvector's HNSW index takes at most 4000",
    );
    expect(describeUnindexableDimensions(0)).toBe('0 is not a vector size');
    expect(describeUnindexableDimensions(1.5)).toBe('1.5 is not a vector size');
    expect(() => checkedDimensions(4096)).toThrow('bad dimension');
    expect(() => indexedVectorType(Number.NaN)).toThrow('bad dimension');
  });
});

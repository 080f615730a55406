/** FNV-1a over a seeded key: a split that is the same on every machine and every run. */
export function stableHash(key: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Bucket 0..buckets-1 for a key; used to carve validation and test parts out of unsplit data. */
export function stableBucket(key: string, seed: number, buckets: number): number {
  return stableHash(key, seed) % buckets;
}

import type { ChunkHit } from './chunks.repository';

export interface FusedHit extends ChunkHit {
  /** Fused score (reciprocal rank fusion), comparable within one result list. */
  score: number;
  vectorRank: number | null;
  textRank: number | null;
  vectorScore: number | null;
  textScore: number | null;
}

/**
 * `rrf`: reciprocal rank fusion, blind to score scales. `convex`: a weighted sum of each list's scores
 * min-max normalised within the list, which keeps how much better one hit is than the next.
 */
export type FusionMethod = 'rrf' | 'convex';

export interface FusionOptions {
  method: FusionMethod;
  /** RRF constant: larger flattens the advantage of the top ranks. */
  rrfK: number;
  /** Weight of the vector list against the full-text list (1 = equal). */
  vectorWeight: number;
  /** Hits more similar than this (word-set Jaccard) to a better one are dropped as near-duplicates. */
  duplicateThreshold: number;
  k: number;
}

export const DEFAULT_FUSION: Omit<FusionOptions, 'k'> = {
  method: 'rrf',
  rrfK: 60,
  vectorWeight: 1,
  duplicateThreshold: 0.9,
};

/**
 * Reciprocal rank fusion of the vector and full-text lists: each list contributes weight / (rrfK + rank),
 * so a chunk that both searches find rises, and neither list's raw score scale matters.
 */
export function fuseRankings(vectorHits: ChunkHit[], textHits: ChunkHit[], options: FusionOptions): FusedHit[] {
  const fused = new Map<string, FusedHit>();
  const add = (hits: ChunkHit[], kind: 'vector' | 'text', weight: number) => {
    const contribution = contributionOf(hits, options);
    hits.forEach((hit, index) => {
      const entry = fused.get(hit.chunkId) ?? {
        ...hit,
        score: 0,
        vectorRank: null,
        textRank: null,
        vectorScore: null,
        textScore: null,
      };
      entry.score += weight * contribution(hit, index);
      entry[`${kind}Rank`] = index + 1;
      entry[`${kind}Score`] = hit.score;
      fused.set(hit.chunkId, entry);
    });
  };
  add(vectorHits, 'vector', options.vectorWeight);
  add(textHits, 'text', 1);
  const ranked = [...fused.values()].sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
  return dropNearDuplicates(ranked, options.duplicateThreshold, options.k);
}

function contributionOf(hits: ChunkHit[], options: FusionOptions): (hit: ChunkHit, index: number) => number {
  if (options.method === 'rrf') return (_hit, index) => 1 / (options.rrfK + index + 1);
  const scores = hits.map((hit) => hit.score);
  const min = Math.min(...scores);
  const range = Math.max(...scores) - min;
  return (hit) => (range > 0 ? (hit.score - min) / range : 1);
}

/**
 * Keeps the best of each group of near-identical passages (FAQ copies, boilerplate, overlaps), up to
 * `limit` of them: the hits after those are never compared.
 */
export function dropNearDuplicates<T extends { text: string }>(hits: T[], threshold: number, limit = Infinity): T[] {
  const kept: { hit: T; words: Set<string> }[] = [];
  for (const hit of hits) {
    if (kept.length >= limit) break;
    const words = wordSet(hit.text);
    if (!kept.some((other) => jaccard(words, other.words) > threshold)) kept.push({ hit, words });
  }
  return kept.map((entry) => entry.hit);
}

function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/core';
import { Collection, CollectionsRepository } from '../collections/collections.repository';
import { CollectionEmbedders } from '../ingestion/collection-embedders';
import { ChunkFilter, ChunkHit, ChunksRepository, NearestChunks } from './chunks.repository';
import { DEFAULT_FUSION, FusionOptions, fuseRankings } from './hybrid-fusion';
import { CollectionSpace, RememberedSpaces } from './remembered-spaces';
import { RetrievalRequest, RetrievedChunk } from './retrieval.types';

export interface RetrievalTuning extends Omit<FusionOptions, 'k'> {
  /** Candidates each search returns before fusion, as a multiple of k (at least `minCandidates`). */
  candidateFactor: number;
  minCandidates: number;
}

export const DEFAULT_RETRIEVAL_TUNING: RetrievalTuning = { ...DEFAULT_FUSION, candidateFactor: 4, minCandidates: 40 };

/**
 * Hybrid retrieval: the nearest chunks by vector (HNSW, cosine) and the best full-text matches
 * (tsvector), fused by reciprocal rank, near-duplicates dropped. Collections using different
 * embedders are searched each in their own vector space and the lists merged by similarity.
 */
@Injectable()
export class RetrievalService {
  private tuning: RetrievalTuning = DEFAULT_RETRIEVAL_TUNING;
  private readonly spaces = new RememberedSpaces();

  constructor(
    private readonly collections: CollectionsRepository,
    private readonly chunks: ChunksRepository,
    private readonly embedders: CollectionEmbedders,
  ) {}

  /** Evaluation tunes fusion on a validation split; the defaults hold the tuned values. */
  configure(tuning: Partial<RetrievalTuning>): void {
    this.tuning = { ...this.tuning, ...tuning };
  }

  async retrieve(request: RetrievalRequest): Promise<RetrievedChunk[]> {
    const candidates = Math.max(this.tuning.minCandidates, request.k * this.tuning.candidateFactor);
    const fusion = { ...this.tuning, k: request.k };
    // Every search scans all candidates: cut inside pgvector's relaxed-order scan, the list loses true
    // neighbours (test/medium/rag/retrieval-recall.test.ts). A vector-only answer without document
    // filters then needs the chunk rows of only the nearest few: twice k leaves room for near-duplicates,
    // and when duplicates leave fewer than k, the rest are read.
    if (request.mode === 'vector' && !request.filters?.metadata && !request.filters?.documentIds) {
      const nearest = Math.min(candidates, 2 * request.k);
      const { vector } = await this.candidateLists(request, candidates, nearest);
      const answer = fuseRankings(vector, [], fusion);
      if (answer.length >= request.k || vector.length < nearest) return answer;
    }
    const { vector, text } = await this.candidateLists(request, candidates);
    return fuseRankings(vector, text, fusion);
  }

  /**
   * Both searches' ranked lists before fusion (one is empty when `mode` names the other). Full-text
   * search needs only the collection ids, which it scopes to the tenant itself, so it starts at once.
   * The vector search needs each collection's embedder: it uses the ones remembered from earlier
   * requests, and its own query confirms that each collection still exists in this tenant with that
   * embedder. Without a memory, or when it was wrong (a collection deleted, foreign, or switched to
   * another embedder), the collection rows are read: a missing one is a 404, as always.
   * `depth` candidates are scanned; the vector list holds the nearest `vectorRows` of them.
   */
  async candidateLists(
    request: RetrievalRequest,
    depth: number,
    vectorRows = depth,
  ): Promise<{ vector: ChunkHit[]; text: ChunkHit[] }> {
    const ids = [...new Set(request.collectionIds)];
    const filter: ChunkFilter = { tenantId: request.tenantId, collectionIds: ids, ...request.filters };
    const mode = request.mode ?? 'hybrid';
    const text = mode === 'vector' ? Promise.resolve([]) : this.chunks.searchFullText(filter, request.query, depth);
    text.catch(() => undefined); // awaited below; this only keeps an early 404 from leaving it unhandled
    const remembered = mode === 'fulltext' ? null : this.spaces.recall(request.tenantId, ids);
    if (remembered) {
      const guess = await this.searchVectors(remembered, filter, request.query, depth, vectorRows).catch(() => null);
      if (guess && guess.ownedCollections === ids.length) return { vector: guess.hits, text: await text };
    }
    const collections = await this.ownedCollections(request.tenantId, ids);
    this.spaces.remember(request.tenantId, collections);
    const vector =
      mode === 'fulltext' ? [] : (await this.searchVectors(collections, filter, request.query, depth, vectorRows)).hits;
    return { vector, text: await text };
  }

  private async ownedCollections(tenantId: string, unique: string[]): Promise<Collection[]> {
    const found = await this.collections.findManyByIds(tenantId, unique);
    const missing = unique.find((id) => !found.some((collection) => collection.id === id));
    if (missing) throw new NotFoundError('collection', missing);
    return found;
  }

  /** Groups collections by embedder: a query vector only compares with vectors from the same model. */
  private async searchVectors(
    collections: CollectionSpace[],
    filter: ChunkFilter,
    query: string,
    depth: number,
    rows: number,
  ): Promise<NearestChunks> {
    const spaces = new Map<string, CollectionSpace[]>();
    for (const collection of collections) {
      spaces.set(collection.embedder, [...(spaces.get(collection.embedder) ?? []), collection]);
    }
    const hits: ChunkHit[] = [];
    let ownedCollections = 0;
    for (const [embedderSpec, members] of spaces) {
      const [vector] = await this.embedders.forSpec(embedderSpec).embed([query]);
      const space = { embedder: embedderSpec, dimensions: members[0].dimensions };
      const collectionIds = members.map((collection) => collection.id);
      const scope = { ...filter, collectionIds };
      const nearest = await this.chunks.findNearestChunks(scope, space, vector, depth, rows);
      hits.push(...nearest.hits);
      ownedCollections += nearest.ownedCollections;
    }
    return {
      hits: spaces.size > 1 ? hits.sort((a, b) => b.score - a.score).slice(0, rows) : hits,
      ownedCollections,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/core';
import { Collection, CollectionsRepository } from '../collections/collections.repository';
import { CollectionEmbedders } from '../ingestion/collection-embedders';
import { ChunkFilter, ChunkHit, ChunksRepository } from './chunks.repository';
import { DEFAULT_FUSION, FusionOptions, fuseRankings } from './hybrid-fusion';
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
    const { vector, text } = await this.candidateLists(request, candidates);
    return fuseRankings(vector, text, { ...this.tuning, k: request.k });
  }

  /** Both searches' ranked lists before fusion (one is empty when `mode` names the other). */
  async candidateLists(request: RetrievalRequest, depth: number): Promise<{ vector: ChunkHit[]; text: ChunkHit[] }> {
    const collections = await this.ownedCollections(request.tenantId, request.collectionIds);
    const filter: ChunkFilter = {
      tenantId: request.tenantId,
      collectionIds: collections.map((collection) => collection.id),
      ...request.filters,
    };
    const mode = request.mode ?? 'hybrid';
    const [vector, text] = await Promise.all([
      mode === 'fulltext' ? [] : this.searchVectors(collections, filter, request.query, depth),
      mode === 'vector' ? [] : this.chunks.searchFullText(filter, request.query, depth),
    ]);
    return { vector, text };
  }

  private async ownedCollections(tenantId: string, ids: string[]): Promise<Collection[]> {
    const unique = [...new Set(ids)];
    const found = await this.collections.findManyByIds(tenantId, unique);
    const missing = unique.find((id) => !found.some((collection) => collection.id === id));
    if (missing) throw new NotFoundError('collection', missing);
    return found;
  }

  /** Groups collections by embedder: a query vector only compares with vectors from the same model. */
  private async searchVectors(
    collections: Collection[],
    filter: ChunkFilter,
    query: string,
    candidates: number,
  ): Promise<ChunkHit[]> {
    const spaces = new Map<string, Collection[]>();
    for (const collection of collections) {
      spaces.set(collection.embedder, [...(spaces.get(collection.embedder) ?? []), collection]);
    }
    const hits: ChunkHit[] = [];
    for (const [embedderSpec, members] of spaces) {
      const [vector] = await this.embedders.forSpec(embedderSpec).embed([query]);
      const space = { embedder: embedderSpec, dimensions: members[0].dimensions };
      const collectionIds = members.map((collection) => collection.id);
      hits.push(...(await this.chunks.findNearestChunks({ ...filter, collectionIds }, space, vector, candidates)));
    }
    return spaces.size > 1 ? hits.sort((a, b) => b.score - a.score).slice(0, candidates) : hits;
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { CollectionEmbedders } from '../ingestion/collection-embedders';
import { CollectionWithReembedding, ReembeddingService } from '../reembedding/reembedding.service';
import { Collection, CollectionsRepository } from './collections.repository';

@Injectable()
export class CollectionsService {
  constructor(
    private readonly collections: CollectionsRepository,
    private readonly embedders: CollectionEmbedders,
    private readonly reembedding: ReembeddingService,
  ) {}

  /** The configured embedder is recorded with the collection: it fixes the vectors' dimension. */
  async create(tenantId: string, name: string): Promise<Collection> {
    const embedder = this.embedders.configured();
    const created = await this.collections.insert(tenantId, name, embedder.id, embedder.dimension);
    if (!created) throw new DomainError(ErrorCode.Conflict, `a collection named "${name}" exists already`);
    return created;
  }

  list(tenantId: string): Promise<Collection[]> {
    return this.collections.listByTenant(tenantId);
  }

  async get(tenantId: string, id: string): Promise<Collection> {
    const collection = await this.collections.findById(tenantId, id);
    if (!collection) throw new NotFoundError('collection', id);
    return collection;
  }

  /** Each with the progress of its re-embed under way, if any. */
  async describeAll(tenantId: string): Promise<CollectionWithReembedding[]> {
    const collections = await this.collections.listByTenant(tenantId);
    return Promise.all(collections.map((collection) => this.reembedding.withProgress(collection)));
  }

  /** With the progress of a re-embed under way (`reembedding: { to, progress }`, else null). */
  describe(tenantId: string, id: string): Promise<CollectionWithReembedding> {
    return this.reembedding.describe(tenantId, id);
  }

  /** Re-embeds the collection with another embedder in the background; queries use the old one until the switch. */
  changeEmbedder(tenantId: string, id: string, embedder: string): Promise<CollectionWithReembedding> {
    return this.reembedding.changeEmbedder(tenantId, id, embedder);
  }

  /** Removes the collection with its documents, files, chunks and vectors. */
  async delete(tenantId: string, id: string): Promise<void> {
    if (!(await this.collections.delete(tenantId, id))) throw new NotFoundError('collection', id);
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { Collection, CollectionsRepository } from '../collections/collections.repository';
import { CollectionEmbedders } from '../ingestion/collection-embedders';
import { CollectionVectorsRepository } from './collection-vectors.repository';
import { ReembeddingProducer } from './reembedding.producer';

/** A re-embed under way: the target embedder and the share of chunks that have its vector, 0-100. */
export interface ReembeddingProgress {
  to: string;
  progress: number;
}

export interface CollectionWithReembedding extends Collection {
  reembedding: ReembeddingProgress | null;
}

/**
 * Changing a collection's embedder. The new vectors are built in the background (ReembeddingProcessor)
 * while queries keep using the current ones; the collection switches when all are written.
 */
@Injectable()
export class ReembeddingService {
  constructor(
    private readonly collections: CollectionsRepository,
    private readonly vectors: CollectionVectorsRepository,
    private readonly embedders: CollectionEmbedders,
    private readonly producer: ReembeddingProducer,
  ) {}

  /**
   * The current embedder: nothing to do, or cancels a re-embed under way. The target of the re-embed
   * under way: queues its job again (same id, so a no-op unless the queue lost it). Another embedder
   * while one re-embed runs: a conflict. Otherwise records the target and queues the job.
   */
  async changeEmbedder(tenantId: string, id: string, spec: string): Promise<CollectionWithReembedding> {
    const embedder = await this.embedders.forRequest(spec);
    const collection = await this.find(tenantId, id);
    const scope = { tenantId, collectionId: id };
    if (embedder.id === collection.embedder) {
      if (collection.nextEmbedder) await this.vectors.cancelReembedding(scope, collection.nextEmbedder);
      return this.describe(tenantId, id);
    }
    if (collection.nextEmbedder === embedder.id) {
      await this.producer.enqueue(collection);
      return this.describe(tenantId, id);
    }
    if (collection.nextEmbedder) throw conflict(collection);
    const started = await this.collections.startReembedding(tenantId, id, collection.embedder, {
      embedder: embedder.id,
      dimensions: embedder.dimension,
    });
    if (!started) throw conflict(await this.find(tenantId, id));
    await this.producer.enqueue(started);
    return this.describe(tenantId, id);
  }

  /** The collection with the progress of its re-embed, if one is under way. */
  async describe(tenantId: string, id: string): Promise<CollectionWithReembedding> {
    return this.withProgress(await this.find(tenantId, id));
  }

  async withProgress(collection: Collection): Promise<CollectionWithReembedding> {
    if (!collection.nextEmbedder) return { ...collection, reembedding: null };
    const scope = { tenantId: collection.tenantId, collectionId: collection.id };
    const { total, embedded } = await this.vectors.countVectors(scope, collection.nextEmbedder);
    const progress = total === 0 ? 100 : Math.floor((100 * embedded) / total);
    return { ...collection, reembedding: { to: collection.nextEmbedder, progress } };
  }

  private async find(tenantId: string, id: string): Promise<Collection> {
    const collection = await this.collections.findById(tenantId, id);
    if (!collection) throw new NotFoundError('collection', id);
    return collection;
  }
}

function conflict(collection: Collection): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    `collection ${collection.id} is being re-embedded with ${collection.nextEmbedder ?? 'another embedder'}; ` +
      `wait for it to finish, or set the embedder back to ${collection.embedder} to cancel`,
  );
}

import { Inject, Logger } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig, JobProcessor, QueueJob, QueueProcessor } from '@app/core';
import { CollectionsRepository } from '../collections/collections.repository';
import { RAG_CONFIG, RagConfig } from '../config/rag-config';
import { CollectionEmbedders } from '../ingestion/collection-embedders';
import { ChunksRepository, EmbeddingSpace } from '../retrieval/chunks.repository';
import { CollectionScope, CollectionVectorsRepository, ReembedStep } from './collection-vectors.repository';
import { reembeddingText } from './reembedding-text';
import { REEMBEDDING_QUEUE, ReembeddingJobData } from './reembedding.producer';

/**
 * Re-embeds a collection with its `next_embedder` in batches, beside the vectors queries keep using,
 * then switches it over in one transaction. Resumable: a retry or a restart only embeds the chunks that
 * still lack a target vector. Chunks added by ingestion meanwhile are picked up before the switch,
 * which refuses while any chunk lacks its vector. On the last failed try the re-embed is abandoned
 * (the collection keeps its embedder) so a later PATCH can start afresh.
 */
@QueueProcessor(REEMBEDDING_QUEUE, { concurrency: 1 })
export class ReembeddingProcessor implements JobProcessor<ReembeddingJobData> {
  private readonly logger = new Logger('Reembedding');

  constructor(
    private readonly collections: CollectionsRepository,
    private readonly vectors: CollectionVectorsRepository,
    private readonly chunks: ChunksRepository,
    private readonly embedders: CollectionEmbedders,
    @Inject(RAG_CONFIG) private readonly ragConfig: RagConfig,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  async handle(job: QueueJob<ReembeddingJobData>): Promise<void> {
    const { tenantId, collectionId, embedder } = job.data;
    const collection = await this.collections.findById(tenantId, collectionId);
    if (!collection || collection.nextEmbedder !== embedder || collection.nextDimensions === null) return;
    const scope = { tenantId, collectionId };
    const target = { embedder, dimensions: collection.nextDimensions };
    try {
      await this.reembed(scope, target);
    } catch (error) {
      if (job.attemptsMade + 1 >= this.config.QUEUE_ATTEMPTS) {
        this.logger.error(`collection ${collectionId}: re-embedding with ${embedder} abandoned: ${String(error)}`);
        await this.vectors.cancelReembedding(scope, embedder);
      }
      throw error;
    }
  }

  private async reembed(scope: CollectionScope, target: EmbeddingSpace): Promise<void> {
    const embedder = this.embedders.forSpec(target.embedder);
    if (embedder.dimension !== target.dimensions) {
      throw new Error(`embedder ${target.embedder} makes ${embedder.dimension} dimensions, not ${target.dimensions}`);
    }
    await this.chunks.ensureVectorIndex(target.dimensions);
    let after: string | null = null;
    for (;;) {
      const batch = await this.vectors.findChunksMissingVectors(
        scope,
        target.embedder,
        after,
        this.ragConfig.EMBED_BATCH_SIZE,
      );
      let step: ReembedStep;
      if (batch.length > 0) {
        const embeddings = await embedder.embed(batch.map(reembeddingText));
        const ids = batch.map((chunk) => chunk.id);
        step = await this.vectors.storeVectors(scope, target, ids, embeddings);
        after = ids[ids.length - 1];
      } else if (after !== null) {
        // End of a pass: one more from the start finds chunks ingested behind the cursor.
        after = null;
        continue;
      } else {
        step = await this.vectors.switchEmbedder(scope, target);
        if (step === 'done') {
          this.logger.log(`collection ${scope.collectionId} switched to ${target.embedder}`);
          return;
        }
      }
      if (step === 'stale') return;
    }
  }
}

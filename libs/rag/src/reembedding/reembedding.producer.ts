import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EnqueueResult, QUEUE_DRIVER, QueueDriver } from '@app/core';
import type { Collection } from '../collections/collections.repository';

export const REEMBEDDING_QUEUE = 'reembedding';

export interface ReembeddingJobData {
  tenantId: string;
  collectionId: string;
  /** The target embedder's id (`next_embedder`). */
  embedder: string;
}

/**
 * One job per re-embed request: the collection, the change of spec (hashed: specs hold ':') and the
 * time the request was recorded, so repeated PATCHes and worker-start reconciliation map to the same
 * job, while switching back and forth later still gets a fresh one (finished job ids stay taken for days).
 */
export function reembeddingJobId(
  collection: Pick<Collection, 'id' | 'embedder' | 'nextEmbedder' | 'updatedAt'>,
): string {
  const target = createHash('sha256')
    .update(`${collection.embedder} > ${collection.nextEmbedder ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return `${collection.id}-${target}-${collection.updatedAt.getTime()}`;
}

/** The typed producer of the re-embedding queue. */
@Injectable()
export class ReembeddingProducer {
  constructor(@Inject(QUEUE_DRIVER) private readonly queue: QueueDriver) {}

  /** Queues the re-embed a collection has recorded in `next_embedder`. */
  enqueue(collection: Collection): Promise<EnqueueResult> {
    if (!collection.nextEmbedder) throw new Error(`collection ${collection.id} is not re-embedding`);
    const data: ReembeddingJobData = {
      tenantId: collection.tenantId,
      collectionId: collection.id,
      embedder: collection.nextEmbedder,
    };
    return this.queue.enqueue(REEMBEDDING_QUEUE, 'reembed', data, { jobId: reembeddingJobId(collection) });
  }
}

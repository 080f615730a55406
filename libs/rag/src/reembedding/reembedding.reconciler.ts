import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CollectionsRepository } from '../collections/collections.repository';
import { ReembeddingProducer } from './reembedding.producer';

const MAX_RECONCILED = 10_000;

/**
 * At worker start, every collection still re-embedding gets its job again (same id, so a job the
 * queue holds is not duplicated): a re-embed whose job the queue lost is not stuck half-way.
 */
@Injectable()
export class ReembeddingReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reembedding');

  constructor(
    private readonly collections: CollectionsRepository,
    private readonly producer: ReembeddingProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let recreated = 0;
    for (const collection of await this.collections.findReembedding(MAX_RECONCILED)) {
      if ((await this.producer.enqueue(collection)).created) recreated++;
    }
    if (recreated > 0) this.logger.warn(`re-enqueued ${recreated} re-embedding job(s) the queue had lost`);
  }
}

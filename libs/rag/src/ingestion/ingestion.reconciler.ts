import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DocumentsRepository } from '../documents/documents.repository';
import { IngestionProducer } from './ingestion.producer';

const MAX_RECONCILED = 100_000;

/**
 * At worker start, every document still `queued` or `processing` gets its job again. Job ids are
 * per document version, so a job the queue still holds is not duplicated, while one that Redis lost
 * (a flush, a failover without persistence) is recreated: an accepted upload is never forgotten.
 */
@Injectable()
export class IngestionReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Ingestion');

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly producer: IngestionProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const unfinished = await this.documents.findUnfinished(MAX_RECONCILED);
    let recreated = 0;
    for (const document of unfinished) {
      const { created } = await this.producer.enqueue({
        tenantId: document.tenantId,
        documentId: document.id,
        contentHash: document.contentHash,
      });
      if (created) recreated++;
    }
    if (recreated > 0) this.logger.warn(`re-enqueued ${recreated} unfinished document(s) the queue had lost`);
  }
}

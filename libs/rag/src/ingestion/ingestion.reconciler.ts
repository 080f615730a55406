import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DocumentsRepository } from '../documents/documents.repository';
import { IngestionProducer } from './ingestion.producer';

const MAX_RECONCILED = 100_000;
/** Jobs per enqueue round trip: one statement (or one Redis pipeline) each. */
const ENQUEUE_BATCH = 1_000;

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
    for (let i = 0; i < unfinished.length; i += ENQUEUE_BATCH) {
      const versions = unfinished.slice(i, i + ENQUEUE_BATCH).map((document) => ({
        tenantId: document.tenantId,
        documentId: document.id,
        contentHash: document.contentHash,
      }));
      recreated += (await this.producer.enqueueMany(versions)).filter((result) => result.created).length;
    }
    if (recreated > 0) this.logger.warn(`re-enqueued ${recreated} unfinished document(s) the queue had lost`);
  }
}

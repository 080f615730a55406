import { Inject, Injectable } from '@nestjs/common';
import { EnqueueResult, QUEUE_DRIVER, QueueDriver } from '@app/core';
import { IngestionJobData } from '../documents/document.types';

export const INGESTION_QUEUE = 'ingestion';

/**
 * One job per document version: retries, double clicks and worker-start reconciliation all map to
 * the same id, so the queue runs each version once. (':' is reserved by BullMQ, hence '-'.)
 */
export function ingestionJobId(data: Pick<IngestionJobData, 'documentId' | 'contentHash'>): string {
  return `${data.documentId}-${data.contentHash.slice(0, 16)}`;
}

/** The typed producer of the ingestion queue. */
@Injectable()
export class IngestionProducer {
  constructor(@Inject(QUEUE_DRIVER) private readonly queue: QueueDriver) {}

  enqueue(data: IngestionJobData): Promise<EnqueueResult> {
    return this.queue.enqueue(INGESTION_QUEUE, 'ingest', data, { jobId: ingestionJobId(data) });
  }

  /** Many versions in one round trip (an upload's files). */
  enqueueMany(versions: IngestionJobData[]): Promise<EnqueueResult[]> {
    const jobs = versions.map((data) => ({ name: 'ingest', data, options: { jobId: ingestionJobId(data) } }));
    return this.queue.enqueueMany(INGESTION_QUEUE, jobs);
  }
}

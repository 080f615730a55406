import { Inject, Injectable } from '@nestjs/common';
import { EnqueueResult, QUEUE_DRIVER, QueueDriver } from '@app/core';
import { UrlSourceJobData } from './url-source.types';

export const URL_SOURCES_QUEUE = 'url-sources';

/**
 * One job per due time of a source: the service, the sweeps of any number of workers and a repeated
 * click all compute the same id from the row's `next_sync_at`, so a due sync is queued once.
 */
export function urlSourceJobId(source: { id: string; nextSyncAt: Date }): string {
  return `${source.id}-${source.nextSyncAt.getTime()}`;
}

/** The typed producer of the URL-source sync queue. */
@Injectable()
export class UrlSourcesProducer {
  constructor(@Inject(QUEUE_DRIVER) private readonly queue: QueueDriver) {}

  enqueue(source: { tenantId: string; id: string; nextSyncAt: Date }): Promise<EnqueueResult> {
    const data: UrlSourceJobData = { tenantId: source.tenantId, sourceId: source.id };
    return this.queue.enqueue(URL_SOURCES_QUEUE, 'sync', data, { jobId: urlSourceJobId(source) });
  }
}

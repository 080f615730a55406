import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import { assertValidQueueName } from './queue-names';

export const QUEUE_PROCESSOR_METADATA = 'seed:queue-processor';

export interface QueueProcessorOptions {
  /**
   * Jobs of this queue run at once in one process: a number, or one derived from QUEUE_CONCURRENCY
   * (the default), so that operators still scale it.
   */
  concurrency?: number | ((configured: number) => number);
  /**
   * Running a job of this queue again after it completed changes nothing (ingestion: a document that
   * is ready already is skipped). The inline driver then records completions without waiting for the
   * WAL flush; a crash can lose the last few and rerun those jobs.
   */
  idempotent?: boolean;
}

export interface QueueProcessorMetadata extends QueueProcessorOptions {
  queue: string;
}

/**
 * Marks a provider class (implementing `JobProcessor`) as the processor of `queue`. The class is also
 * made injectable. `QueueModule.forRoot({ consume: true })` finds it at bootstrap and runs it on
 * whichever driver is configured; list it in some module's `providers` as usual.
 */
export function QueueProcessor(queue: string, options: QueueProcessorOptions = {}): ClassDecorator {
  assertValidQueueName(queue);
  const metadata: QueueProcessorMetadata = { queue, ...options };
  return applyDecorators(Injectable(), SetMetadata(QUEUE_PROCESSOR_METADATA, metadata));
}

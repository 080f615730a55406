import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import { assertValidQueueName } from './queue-names';

export const QUEUE_PROCESSOR_METADATA = 'seed:queue-processor';

export interface QueueProcessorOptions {
  /** Jobs of this queue run at once in one process (default QUEUE_CONCURRENCY). */
  concurrency?: number;
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

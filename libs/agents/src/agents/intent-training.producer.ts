import { Inject, Injectable } from '@nestjs/common';
import { EnqueueResult, QUEUE_DRIVER, QueueDriver } from '@app/core';

export const INTENT_TRAINING_QUEUE = 'intent-training';

export interface IntentTrainingJobData {
  tenantId: string;
  agentId: string;
  modelId: string;
}

/** The typed producer of the intent-training queue: one job per stored version, so retries train it once. */
@Injectable()
export class IntentTrainingProducer {
  constructor(@Inject(QUEUE_DRIVER) private readonly queue: QueueDriver) {}

  enqueue(data: IntentTrainingJobData): Promise<EnqueueResult> {
    return this.queue.enqueue(INTENT_TRAINING_QUEUE, 'train', data, { jobId: `intent-${data.modelId}` });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { EnqueueResult, QUEUE_DRIVER, QueueDriver } from '@app/core';
import { WEBHOOK_CONFIG, WebhookConfig } from './webhook-config';
import { jitteredRetryBase } from './webhook-retry';

export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';

export interface WebhookDeliveryJobData {
  tenantId: string;
  deliveryId: string;
  /** This delivery's first retry delay; the processor schedules with it what the queue will do. */
  retryBaseMs: number;
}

/**
 * The typed producer of the delivery queue: one job per delivery, whose id is the delivery id, so a
 * delivery enqueued twice (a start-up sweep, a race) runs once. Retries are the queue's own, with
 * the webhook settings rather than the queue defaults.
 */
@Injectable()
export class WebhookDeliveryProducer {
  constructor(
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
  ) {}

  enqueue(delivery: { id: string; tenantId: string }): Promise<EnqueueResult> {
    const retryBaseMs = jitteredRetryBase(this.config.WEBHOOK_RETRY_BASE_MS);
    const data: WebhookDeliveryJobData = { tenantId: delivery.tenantId, deliveryId: delivery.id, retryBaseMs };
    return this.queue.enqueue(WEBHOOK_DELIVERY_QUEUE, 'deliver', data, {
      jobId: delivery.id,
      attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: retryBaseMs,
    });
  }
}

import { Inject, Logger } from '@nestjs/common';
import { JobProcessor, QueueJob, QueueProcessor } from '@app/core';
import { WEBHOOK_CONFIG, WebhookConfig } from './webhook-config';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WEBHOOK_DELIVERY_QUEUE, WebhookDeliveryJobData } from './webhook-delivery.producer';
import { delayAfterAttempt } from './webhook-retry';
import { WebhookSender } from './webhook-sender';

/** Thrown so the queue schedules the next try; the delivery row already says why. */
class DeliveryTryFailed extends Error {}

/**
 * Runs one try of a delivery and records it. A failed try throws, so the queue retries after the
 * delivery's backoff; the try that uses up WEBHOOK_MAX_ATTEMPTS marks the delivery `dead` instead.
 * Deliveries are I/O-bound (mostly waiting on receivers), hence more of them at once than CPU jobs.
 */
@QueueProcessor(WEBHOOK_DELIVERY_QUEUE, { concurrency: 8 })
export class WebhookDeliveryProcessor implements JobProcessor<WebhookDeliveryJobData> {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sender: WebhookSender,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
  ) {}

  async handle(job: QueueJob<WebhookDeliveryJobData>): Promise<void> {
    const { tenantId, deliveryId, retryBaseMs } = job.data;
    const target = await this.deliveries.findTarget(tenantId, deliveryId);
    // Gone with its webhook, or final already (a duplicate job): nothing to send.
    if (!target || (target.delivery.status !== 'pending' && target.delivery.status !== 'failed')) return;
    if (!target.active) {
      return this.deliveries.markDead(tenantId, deliveryId, 'the webhook was disabled before this delivery was sent');
    }
    const outcome = await this.sender.send(target);
    if (outcome.ok) {
      await this.deliveries.recordDelivered(tenantId, deliveryId, outcome.statusCode);
      return;
    }
    const attempt = job.attemptsMade + 1;
    const status = await this.deliveries.recordFailedTry(tenantId, deliveryId, {
      statusCode: outcome.statusCode,
      error: outcome.error,
      retryInMs: delayAfterAttempt(retryBaseMs, attempt),
      maxAttempts: this.config.WEBHOOK_MAX_ATTEMPTS,
      final: attempt >= this.config.WEBHOOK_MAX_ATTEMPTS,
    });
    if (status === 'failed') throw new DeliveryTryFailed(`${target.url}: ${outcome.error}`);
    if (status === 'dead') this.logger.warn(`delivery ${deliveryId} to ${target.url} is dead: ${outcome.error}`);
  }
}

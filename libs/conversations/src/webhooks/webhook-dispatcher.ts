import { Injectable, Logger } from '@nestjs/common';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryProducer } from './webhook-delivery.producer';
import { WebhookEvent } from './webhook.types';

/** Turns one event into a delivery (and a queued job) per subscribed webhook of its tenant. */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly producer: WebhookDeliveryProducer,
  ) {}

  /**
   * Returns how many deliveries this call created: 0 for an event another process (or an earlier
   * call) already dispatched. A job that fails to enqueue leaves its delivery `pending`; the worker's
   * start-up sweep queues it again.
   */
  async dispatch(event: WebhookEvent): Promise<number> {
    const created = await this.deliveries.insertForSubscribers(event);
    for (const delivery of created) {
      try {
        await this.producer.enqueue(delivery);
      } catch (error) {
        this.logger.error(`delivery ${delivery.id} (${event.type}) not queued: ${(error as Error).message}`);
      }
    }
    return created.length;
  }
}

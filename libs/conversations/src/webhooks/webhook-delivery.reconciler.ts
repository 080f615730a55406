import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryProducer } from './webhook-delivery.producer';

const MAX_RECONCILED = 100_000;

/**
 * At worker start, every delivery not final yet gets its job again. The job id is the delivery id, so
 * a job the queue still holds is not duplicated, while one that was never queued (the process died
 * between the insert and the enqueue) or that Redis lost is recreated.
 */
@Injectable()
export class WebhookDeliveryReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly producer: WebhookDeliveryProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let recreated = 0;
    for (const delivery of await this.deliveries.findOpen(MAX_RECONCILED)) {
      if ((await this.producer.enqueue(delivery)).created) recreated++;
    }
    if (recreated > 0) this.logger.warn(`re-enqueued ${recreated} webhook deliveries the queue did not hold`);
  }
}

import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryReconciler } from './webhook-delivery.reconciler';
import { WebhookSender } from './webhook-sender';
import { WebhooksModule } from './webhooks.module';

/** The delivery side of webhooks, for processes that run jobs (the worker, the embedded start). */
@Module({
  imports: [WebhooksModule, AgentsModule],
  providers: [WebhookSender, WebhookDeliveryProcessor, WebhookDeliveryReconciler],
})
export class WebhooksWorkerModule {}

import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { RagModule } from '@app/rag';
import { ConversationsModule } from '../conversations.module';
import { loadWebhookConfig, WEBHOOK_CONFIG } from './webhook-config';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryProducer } from './webhook-delivery.producer';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEventSources } from './webhook-event-sources';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Webhooks: subscriptions, the delivery log, and the dispatcher that turns conversation and document
 * events into queued deliveries. The delivery processor lives in `WebhooksWorkerModule`.
 */
@Module({
  // ConversationsModule is built once per process, so its event bus is the one conversations publish on.
  imports: [AgentsModule, RagModule, ConversationsModule],
  providers: [
    { provide: WEBHOOK_CONFIG, useFactory: () => loadWebhookConfig() },
    WebhooksRepository,
    WebhookDeliveriesRepository,
    WebhookDeliveryProducer,
    WebhookDispatcher,
    WebhookEventSources,
    WebhooksService,
  ],
  exports: [WEBHOOK_CONFIG, WebhooksService, WebhookDispatcher, WebhookDeliveriesRepository, WebhookDeliveryProducer],
})
export class WebhooksModule {}

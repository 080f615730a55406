import { Module } from '@nestjs/common';
import { WebhooksModule } from '@app/conversations';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [WebhooksModule],
  controllers: [WebhooksController, WebhookDeliveriesController],
})
export class WebhooksApiModule {}

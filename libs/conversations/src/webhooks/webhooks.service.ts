import { Inject, Injectable } from '@nestjs/common';
import { SECRET_BOX, SecretBox } from '@app/agents';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryProducer } from './webhook-delivery.producer';
import { generateWebhookSecret } from './webhook-signature';
import { WebhooksRepository } from './webhooks.repository';
import { DeliveryListQuery, Webhook, WebhookChange, WebhookDelivery, WebhookInput } from './webhook.types';

/** A webhook as created or re-keyed: the only time its signing secret is shown. */
export interface WebhookWithNewSecret {
  webhook: Webhook;
  secret: string;
}

/** Managing a tenant's webhooks and reading their delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly producer: WebhookDeliveryProducer,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
  ) {}

  async create(tenantId: string, input: WebhookInput): Promise<WebhookWithNewSecret> {
    const secret = generateWebhookSecret();
    return { webhook: await this.webhooks.insert(tenantId, input, this.secrets.seal(secret)), secret };
  }

  list(tenantId: string): Promise<Webhook[]> {
    return this.webhooks.listByTenant(tenantId);
  }

  async get(tenantId: string, id: string): Promise<Webhook> {
    const webhook = await this.webhooks.findById(tenantId, id);
    if (!webhook) throw new NotFoundError('Webhook', id);
    return webhook;
  }

  async update(tenantId: string, id: string, change: WebhookChange): Promise<Webhook> {
    const webhook = await this.webhooks.update(tenantId, id, change);
    if (!webhook) throw new NotFoundError('Webhook', id);
    return webhook;
  }

  async delete(tenantId: string, id: string): Promise<void> {
    if (!(await this.webhooks.delete(tenantId, id))) throw new NotFoundError('Webhook', id);
  }

  /** The old secret stops at once: tries still queued are signed with the new one. */
  async rotateSecret(tenantId: string, id: string): Promise<WebhookWithNewSecret> {
    const secret = generateWebhookSecret();
    if (!(await this.webhooks.replaceSecret(tenantId, id, this.secrets.seal(secret)))) {
      throw new NotFoundError('Webhook', id);
    }
    return { webhook: await this.get(tenantId, id), secret };
  }

  async listDeliveries(tenantId: string, webhookId: string, query: DeliveryListQuery) {
    await this.get(tenantId, webhookId);
    return this.deliveries.list(tenantId, webhookId, query);
  }

  async getDelivery(tenantId: string, webhookId: string, id: string): Promise<WebhookDelivery> {
    const delivery = await this.deliveries.findById(tenantId, webhookId, id);
    if (!delivery) throw new NotFoundError('Delivery', id);
    return delivery;
  }

  /** Sends the same event again as a new delivery (with its own tries); the original stays in the log. */
  async redeliver(tenantId: string, webhookId: string, id: string): Promise<WebhookDelivery> {
    const webhook = await this.get(tenantId, webhookId);
    if (!webhook.active) {
      throw new DomainError(ErrorCode.Conflict, `Webhook ${webhookId} is disabled: enable it before redelivering`);
    }
    const redelivery = await this.deliveries.insertRedelivery(await this.getDelivery(tenantId, webhookId, id));
    await this.producer.enqueue(redelivery);
    return redelivery;
  }
}

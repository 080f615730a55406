import type { SealedSecret } from '@app/agents';

/** What a tenant can subscribe to; the migration's CHECK lists the same names. */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'message.created',
  'handoff.requested',
  'conversation.resolved',
  'document.ready',
  'document.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/**
 * The body of every delivery. `id` is deterministic (derived from what happened, not from when it
 * was seen), so a receiver can deduplicate on it: retries and redeliveries carry the same id.
 */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  tenantId: string;
  data: Record<string, unknown>;
}

export interface Webhook {
  id: string;
  tenantId: string;
  url: string;
  events: WebhookEventType[];
  description: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A webhook with its sealed signing secret: only the delivery path reads this. */
export interface WebhookWithSecret extends Webhook {
  secret: SealedSecret;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
/** pending: not tried yet; failed: tried, a retry is scheduled; delivered and dead are final. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDelivery {
  id: string;
  tenantId: string;
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  payload: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  redeliveryOf: string | null;
  createdAt: Date;
}

export interface DeliveryListQuery {
  limit: number;
  cursor?: string;
  status?: DeliveryStatus;
}

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

export interface WebhookChange {
  url?: string;
  events?: WebhookEventType[];
  description?: string;
  active?: boolean;
}

import { z } from 'zod';
import {
  DELIVERY_STATUSES,
  isWebhookEventType,
  Webhook,
  WebhookDelivery,
  WEBHOOK_EVENT_TYPES,
  WebhookEventType,
} from '@app/conversations';

export const uuidSchema = z.string().uuid('expected a UUID');

const urlSchema = z
  .string()
  .max(2000, 'expected at most 2000 characters')
  .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), {
    message: 'expected an http:// or https:// URL',
  });

/** Each unknown name is reported with its value, so a typo is found without reading the docs. */
const eventsSchema = z
  .array(z.string())
  .min(1, 'expected at least one event')
  .superRefine((events, ctx) => {
    events.forEach((event, index) => {
      if (!isWebhookEventType(event)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `unknown event "${event}"; expected one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
        });
      }
    });
  })
  .transform((events) => [...new Set(events)] as WebhookEventType[]);

const descriptionSchema = z.string().max(500, 'expected at most 500 characters');

export const createWebhookSchema = z
  .object({ url: urlSchema, events: eventsSchema, description: descriptionSchema.optional() })
  .strict();
export type CreateWebhookDto = z.infer<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .object({
    url: urlSchema.optional(),
    events: eventsSchema.optional(),
    description: descriptionSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'expected at least one of url, events, description, active');
export type UpdateWebhookDto = z.infer<typeof updateWebhookSchema>;

export const listDeliveriesSchema = z
  .object({
    status: z.enum(DELIVERY_STATUSES, { message: `expected one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
    limit: z.coerce.number().int().min(1, 'expected 1 to 100').max(100, 'expected 1 to 100').default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListDeliveriesDto = z.infer<typeof listDeliveriesSchema>;

/** Never carries the secret: it is shown once, by create and rotate-secret. */
export function toWebhookView(webhook: Webhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
    active: webhook.active,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

export function toDeliveryView(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    redeliveryOf: delivery.redeliveryOf,
    createdAt: delivery.createdAt.toISOString(),
  };
}

/** One delivery read on its own also shows the event it carries. */
export const toDeliveryDetailView = (delivery: WebhookDelivery) => ({
  ...toDeliveryView(delivery),
  payload: delivery.payload,
});

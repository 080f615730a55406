import { z } from 'zod';
import { CHANNELS, CONVERSATION_STATES, HANDOFF_ACTIONS } from '@app/conversations';
import type { Contact, Conversation, Message } from '@app/conversations';

export const uuidSchema = z.string().uuid('expected a UUID');

/** Path parameters `{ id }`: a malformed id is a 400 naming `id`, a well-formed unknown one a 404. */
export const idParamsSchema = z.object({ id: uuidSchema });
export type IdParams = z.infer<typeof idParamsSchema>;

const identity = (max: number) =>
  z.string().trim().min(1, 'expected some text').max(max, `expected at most ${max} characters`);

/** A contact, found by externalId, then email, then visitorId; at least one is required. */
export const contactSchema = z
  .object({
    externalId: identity(200).optional(),
    email: identity(320).email('expected an email address').optional(),
    visitorId: identity(200).optional(),
    name: identity(200).optional(),
    attributes: z.record(z.unknown()).optional(),
  })
  .strict()
  .refine((contact) => contact.externalId || contact.email || contact.visitorId, {
    message: 'expected at least one of externalId, email or visitorId',
  });
export type ContactDto = z.infer<typeof contactSchema>;

/** REST conversations are `api` (or `openai`); widget conversations are started by the widget only. */
const REST_CHANNELS = ['api', 'openai'] as const;

export const startConversationSchema = z
  .object({
    agentId: uuidSchema.optional(),
    agentSlug: z.string().min(1).max(63).optional(),
    contactId: uuidSchema.optional(),
    contact: contactSchema.optional(),
    channel: z.enum(REST_CHANNELS, { message: `expected one of ${REST_CHANNELS.join(', ')}` }).default('api'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!body.agentId === !body.agentSlug) {
      ctx.addIssue({ code: 'custom', path: ['agentId'], message: 'expected exactly one of agentId or agentSlug' });
    }
    if (!body.contactId === !body.contact) {
      ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'expected exactly one of contactId or contact' });
    }
  });
export type StartConversationDto = z.infer<typeof startConversationSchema>;

export const listConversationsSchema = z
  .object({
    state: z.enum(CONVERSATION_STATES, { message: `expected one of ${CONVERSATION_STATES.join(', ')}` }).optional(),
    agentId: uuidSchema.optional(),
    contactId: uuidSchema.optional(),
    channel: z.enum(CHANNELS, { message: `expected one of ${CHANNELS.join(', ')}` }).optional(),
    limit: z.coerce
      .number({ message: 'expected 1 to 100' })
      .int('expected 1 to 100')
      .min(1, 'expected 1 to 100')
      .max(100, 'expected 1 to 100')
      .default(20),
    cursor: z.string().max(200, 'not a cursor returned by this API').optional(),
  })
  .strict();
export type ListConversationsDto = z.infer<typeof listConversationsSchema>;

/**
 * `as: contact` runs the agent; `as: human` is a human agent writing through the API (it takes the
 * conversation over first). The length limit is checked by the service, whose message names it.
 */
export const postMessageSchema = z
  .object({
    text: z.string({ message: 'expected a string' }),
    as: z.enum(['contact', 'human'], { message: 'expected contact or human' }),
    authorName: identity(100).optional(),
  })
  .strict();
export type PostMessageDto = z.infer<typeof postMessageSchema>;

export const streamQuerySchema = z
  .object({ stream: z.enum(['true', 'false'], { message: 'expected true or false' }).optional() })
  .strict();
export type StreamQueryDto = z.infer<typeof streamQuerySchema>;

export const handoffSchema = z
  .object({
    action: z.enum(HANDOFF_ACTIONS, { message: `expected one of ${HANDOFF_ACTIONS.join(', ')}` }),
    /** Shown to the contact at a takeover ("You're now chatting with Ada"). */
    authorName: identity(100).optional(),
    reason: z.string().max(200, 'expected at most 200 characters').optional(),
  })
  .strict();
export type HandoffDto = z.infer<typeof handoffSchema>;

/** What the API shows: no tenant id; a pending tool confirmation stays internal (its arguments may hold PII). */
export function toConversationView(conversation: Conversation) {
  const { tenantId: _tenant, pendingConfirmation: _pending, ...view } = conversation;
  return view;
}

export function toContactView(contact: Contact) {
  const { tenantId: _tenant, ...view } = contact;
  return view;
}

/** Messages for integrations: citations always, the pipeline trace on bot messages. */
export function toMessageView(message: Message) {
  const { tenantId: _tenant, ...view } = message;
  return view;
}

import { z, ZodType } from 'zod';
import { CONVERSATION_STATES, isUuid } from '@app/conversations';
import { DomainError, ErrorCode } from '@app/core';

/**
 * Event payloads arrive as whatever a client chose to send. Each is checked here and refused with a
 * ValidationFailed error naming the field; unknown extra fields are ignored (newer clients may send
 * more).
 */
export function parsePayload<T>(schema: ZodType<T>, payload: unknown): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DomainError(ErrorCode.ValidationFailed, `payload: expected an object, got ${describe(payload)}`);
  }
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
  throw new DomainError(ErrorCode.ValidationFailed, problems.join('; '));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

/** Length is checked by the conversations service, which names CONVERSATION_MAX_MESSAGE_CHARS. */
const text = z.string({ required_error: 'required', invalid_type_error: 'expected a string' });

/** A malformed id reads as "not found", like an id of another tenant: nothing tells them apart. */
const conversationId = z
  .string({ required_error: 'required', invalid_type_error: 'expected a conversation id' })
  .refine(isUuid, 'expected a conversation id (UUID)');

export const visitorMessageSchema = z.object({ text });

export const conversationRefSchema = z.object({ conversationId });

export const humanReplySchema = z.object({ conversationId, text });

export const conversationListSchema = z.object({
  state: z.enum(CONVERSATION_STATES, { message: `expected one of ${CONVERSATION_STATES.join(', ')}` }).optional(),
});

/** What a widget sends in `auth` when it connects. */
export const widgetHandshakeSchema = z.object({
  siteKey: z
    .string({ required_error: 'required (the public site key of the widget)', invalid_type_error: 'expected a string' })
    .max(200, 'expected at most 200 characters'),
  visitorToken: z.string({ invalid_type_error: 'expected a string' }).max(4096, 'too long').optional(),
  lastSeq: z
    .number({ invalid_type_error: 'expected a whole number >= 0' })
    .int('expected a whole number >= 0')
    .min(0, 'expected a whole number >= 0')
    .optional(),
});

export const consoleHandshakeSchema = z.object({
  token: z.string({
    required_error: 'required (the token from POST /v1/auth/login)',
    invalid_type_error: 'expected a string',
  }),
});

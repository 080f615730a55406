import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { CHANNELS, Channel } from '../conversation.types';
import type { ContactInput } from '../contacts/contacts.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Ids that cannot exist are "not found", like ids of another tenant: nothing tells them apart. */
export function assertIdShape(what: string, id: string): void {
  if (!isUuid(id)) throw new NotFoundError(what, String(id));
}

/** Message text: 1..max characters, not only whitespace. Stored as written (HTML is the client's to escape). */
export function assertMessageText(text: unknown, maxChars: number): asserts text is string {
  if (typeof text !== 'string') throw new DomainError(ErrorCode.ValidationFailed, 'text: expected a string');
  if (text.trim().length === 0) throw new DomainError(ErrorCode.ValidationFailed, 'text: must not be empty');
  if (text.length > maxChars) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `text: at most ${maxChars} characters (CONVERSATION_MAX_MESSAGE_CHARS), got ${text.length}`,
    );
  }
}

export function assertChannel(channel: string): asserts channel is Channel {
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    throw new DomainError(ErrorCode.ValidationFailed, `channel: expected one of ${CHANNELS.join(', ')}`);
  }
}

/** Emails are matched case-insensitively; blank identities count as absent. */
export function normaliseContactInput(input: ContactInput): ContactInput {
  const clean = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
  const normalised = {
    ...input,
    externalId: clean(input.externalId),
    email: clean(input.email)?.toLowerCase() ?? null,
    visitorId: clean(input.visitorId),
  };
  if (!normalised.externalId && !normalised.email && !normalised.visitorId) {
    throw new DomainError(ErrorCode.ValidationFailed, 'contact: one of externalId, email or visitorId is required');
  }
  if (normalised.email && !/^[^\s@]+@[^\s@]+$/.test(normalised.email)) {
    throw new DomainError(ErrorCode.ValidationFailed, `email: not an email address`);
  }
  return normalised;
}

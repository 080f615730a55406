import { DomainError, ErrorCode } from '@app/core';

/**
 * Keyset position in the newest-first list: updated_at (microsecond ISO text) and id. updated_at moves
 * when a conversation changes, so a conversation updated while a client pages may show up again on an
 * earlier page or be missed on a later one; lists are live views, exports should use the transcript.
 */
export interface ConversationCursor {
  at: string;
  id: string;
}

export function encodeConversationCursor(cursor: ConversationCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeConversationCursor(value: string): ConversationCursor {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const valid = at && id && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id);
  if (!valid) throw new DomainError(ErrorCode.ValidationFailed, 'cursor: not a cursor returned by this API');
  return { at, id };
}

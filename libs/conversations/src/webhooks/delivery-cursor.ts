import { DomainError, ErrorCode } from '@app/core';

/** Keyset position in a newest-first list: created_at (microsecond ISO text) and id of the last row. */
export interface DeliveryCursor {
  at: string;
  id: string;
}

export function encodeDeliveryCursor(cursor: DeliveryCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeDeliveryCursor(value: string): DeliveryCursor {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const valid = at && id && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id);
  if (!valid) throw new DomainError(ErrorCode.ValidationFailed, 'cursor: not a cursor returned by this API');
  return { at, id };
}

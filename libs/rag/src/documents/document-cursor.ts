import { DomainError, ErrorCode } from '@app/core';

export interface DocumentCursor {
  /** created_at of the last row, in microseconds (ISO text). */
  at: string;
  id: string;
}

export function encodeCursor(cursor: DocumentCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): DocumentCursor {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const valid = at && id && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id);
  if (!valid) throw new DomainError(ErrorCode.ValidationFailed, 'cursor: not a cursor returned by this API');
  return { at, id };
}

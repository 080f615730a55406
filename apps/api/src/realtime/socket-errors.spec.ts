import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/core';
import { answer, handshakeRefusal, toSocketError } from './socket-errors';

describe('socket errors', () => {
  const logger = { error: jest.fn() } as unknown as Logger;

  beforeEach(() => jest.clearAllMocks());

  it('keeps the code, message and details of domain errors', () => {
    const error = new DomainError(ErrorCode.RateLimited, 'slow down', { retryAfterSeconds: 3 });
    expect(toSocketError(error, logger)).toEqual({
      code: 'RateLimited',
      message: 'slow down',
      details: { retryAfterSeconds: 3 },
    });
    expect(toSocketError(new DomainError(ErrorCode.NotFound, 'gone'), logger)).toEqual({
      code: 'NotFound',
      message: 'gone',
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers anything else as InternalError with an id it logs, never with the error itself', () => {
    const mapped = toSocketError(new Error('password=hunter2 in a stack'), logger);
    expect(mapped.code).toBe('InternalError');
    expect(mapped.message).toMatch(/^internal error \(id [0-9a-f-]{36}\)$/);
    const id = mapped.message.slice('internal error (id '.length, -1);
    expect((logger.error as jest.Mock).mock.calls[0][0]).toContain(id);
    expect(mapped.message).not.toContain('hunter2');
  });

  it('a refused handshake carries the error shape in `data`, as connect_error shows it', () => {
    const refusal = handshakeRefusal(new DomainError(ErrorCode.Forbidden, 'origin not allowed'), logger);
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal.message).toBe('origin not allowed');
    expect(refusal.data).toEqual({ code: 'Forbidden', message: 'origin not allowed' });
  });

  it('answers the acknowledgement with ok or the error, and tolerates a client that sent none', async () => {
    const ack = jest.fn();
    expect(await answer(ack, logger, async () => ({ state: 'bot' }))).toBe(true);
    expect(ack).toHaveBeenLastCalledWith({ ok: true, state: 'bot' });
    const failing = async () => {
      throw new DomainError(ErrorCode.Conflict, 'no');
    };
    expect(await answer(ack, logger, failing)).toBe(false);
    expect(ack).toHaveBeenLastCalledWith({ ok: false, error: { code: 'Conflict', message: 'no' } });
    await expect(answer(undefined, logger, failing)).resolves.toBe(false);
    await expect(answer('not a function', logger, async () => ({}))).resolves.toBe(true);
  });
});

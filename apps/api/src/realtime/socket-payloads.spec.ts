import { DomainError } from '@app/core';
import {
  conversationListSchema,
  conversationRefSchema,
  humanReplySchema,
  parsePayload,
  visitorMessageSchema,
  widgetHandshakeSchema,
} from './socket-payloads';

const problem = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('ValidationFailed');
    return (error as DomainError).message;
  }
  throw new Error('expected ValidationFailed');
};

describe('socket payloads', () => {
  it.each([
    ['hello', 'payload: expected an object, got a string'],
    [42, 'payload: expected an object, got a number'],
    [null, 'payload: expected an object, got null'],
    [undefined, 'payload: expected an object, got nothing'],
    [[{ text: 'x' }], 'payload: expected an object, got an array'],
    [{}, 'text: required'],
    [{ text: ['x'] }, 'text: expected a string'],
  ])('refuses %j as a visitor message', (payload, message) => {
    expect(problem(() => parsePayload(visitorMessageSchema, payload))).toBe(message);
  });

  it('accepts a well-formed payload and ignores extra fields (newer clients)', () => {
    expect(parsePayload(visitorMessageSchema, { text: 'hi', sentAt: 1 })).toEqual({ text: 'hi' });
    const id = '6f1c4e0e-8a46-4c1a-9d5e-0a4b0c3f2e11';
    expect(parsePayload(humanReplySchema, { conversationId: id, text: 'ok' })).toEqual({
      conversationId: id,
      text: 'ok',
    });
  });

  it('names every bad field of a reply, and a conversation id that cannot exist', () => {
    expect(problem(() => parsePayload(humanReplySchema, { conversationId: 'x' }))).toBe(
      'conversationId: expected a conversation id (UUID); text: required',
    );
    expect(problem(() => parsePayload(conversationRefSchema, { conversationId: 7 }))).toBe(
      'conversationId: expected a conversation id',
    );
    expect(problem(() => parsePayload(conversationListSchema, { state: 'open' }))).toBe(
      'state: expected one of bot, pending_human, human, resolved',
    );
  });

  it('checks the widget handshake: site key required, lastSeq a whole number >= 0', () => {
    expect(problem(() => parsePayload(widgetHandshakeSchema, {}))).toBe(
      'siteKey: required (the public site key of the widget)',
    );
    for (const lastSeq of [-1, 0.5, '2', null]) {
      expect(problem(() => parsePayload(widgetHandshakeSchema, { siteKey: 'site_x', lastSeq }))).toBe(
        'lastSeq: expected a whole number >= 0',
      );
    }
    expect(parsePayload(widgetHandshakeSchema, { siteKey: 'site_x', lastSeq: 0 })).toEqual({
      siteKey: 'site_x',
      lastSeq: 0,
    });
  });
});

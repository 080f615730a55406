import { SlmInputError } from '../slm.errors';
import { ChatMessage } from '../slm.types';

const ROLES = new Set(['system', 'user', 'assistant']);

/** Rejects what would otherwise fail deep inside a tokenizer with an unreadable message. */
export function assertTexts(texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts)) throw new SlmInputError(`expected an array of strings, got ${describe(texts)}`);
  texts.forEach((text, i) => {
    if (typeof text !== 'string') throw new SlmInputError(`text ${i} must be a string, got ${describe(text)}`);
  });
}

export function assertMessages(messages: unknown): asserts messages is ChatMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new SlmInputError(`expected a non-empty array of chat messages, got ${describe(messages)}`);
  }
  messages.forEach((message: Partial<ChatMessage> | null, i) => {
    if (!message || !ROLES.has(message.role as string) || typeof message.content !== 'string') {
      throw new SlmInputError(`message ${i} must be { role: 'system' | 'user' | 'assistant', content: string }`);
    }
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

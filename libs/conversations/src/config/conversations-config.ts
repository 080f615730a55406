import { z } from 'zod';
import { env, parseEnv } from '@app/core';

const conversationsEnv = {
  /**
   * Loop protection: after this many bot → pending_human handoffs, a human can no longer hand the
   * conversation back to the bot (see handoff-state-machine.ts).
   */
  CONVERSATION_MAX_HANDOFFS: env.int(3, 1),
  /** Longest message a visitor or a human agent may post; longer is refused with 400. */
  CONVERSATION_MAX_MESSAGE_CHARS: env.int(4000, 1),
  /** Earlier messages the pipeline sees as history (redacted), newest last. */
  CONVERSATION_HISTORY_MESSAGES: env.int(10, 0),
};

export type ConversationsConfig = z.infer<z.ZodObject<typeof conversationsEnv>>;

export const CONVERSATIONS_CONFIG = Symbol('CONVERSATIONS_CONFIG');

export function loadConversationsConfig(source: NodeJS.ProcessEnv = process.env): ConversationsConfig {
  return parseEnv(conversationsEnv, source);
}

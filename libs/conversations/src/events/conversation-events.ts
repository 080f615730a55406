import { EventEmitter } from 'node:events';
import type { Citation } from '@app/agents';
import type { Conversation, ConversationState, Message } from '../conversation.types';

/**
 * What happens in conversations, published in the process where it happened. The socket gateways
 * forward these into socket.io rooms (the Redis adapter fans them out to other api processes) and
 * the webhook dispatcher turns the durable ones into deliveries, so each event is handled once.
 */
export type ConversationEvent =
  | { type: 'conversation.created'; tenantId: string; conversation: Conversation }
  /** Any stored message: visitor, bot (complete, with citations), human or system. */
  | { type: 'message.created'; tenantId: string; conversation: Conversation; message: Message }
  /** A bot reply being streamed; `replyId` ties the tokens to the final message or a cancellation. */
  | { type: 'reply.token'; tenantId: string; conversationId: string; replyId: string; token: string }
  /** A streamed reply that will never be stored (a human took over, or the visitor left). */
  | { type: 'reply.cancelled'; tenantId: string; conversationId: string; replyId: string; reason: string }
  | {
      type: 'conversation.state_changed';
      tenantId: string;
      conversation: Conversation;
      from: ConversationState;
      to: ConversationState;
      reason: string;
    }
  | { type: 'typing'; tenantId: string; conversationId: string; role: 'visitor' | 'bot' | 'human' };

export type ConversationEventType = ConversationEvent['type'];
export type ConversationEventListener = (event: ConversationEvent) => void;

/** Citations as a visitor sees them; re-exported so socket clients need only this library's types. */
export type { Citation };

/** In-process publish/subscribe; listeners must not throw (a failing listener is logged and skipped). */
export class ConversationEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: ConversationEvent): void {
    for (const listener of this.emitter.listeners('event') as ConversationEventListener[]) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`conversation event listener failed: ${(error as Error).message}`);
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: ConversationEventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

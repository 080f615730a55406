import { Injectable } from '@nestjs/common';

interface ConversationReplies {
  /** Settles when the last queued reply has finished. */
  tail: Promise<unknown>;
  controllers: Set<AbortController>;
}

/**
 * The bot replies of this process, per conversation: queued so a conversation's replies run one at
 * a time in the order of the visitor's messages, and cancellable together when a human takes over.
 *
 * It only holds this process's replies. A takeover handled here cancels them directly (HandoffService);
 * one handled by another api process reaches them through the realtime relay (the api's
 * ReplyCancellation), which cancels them here as soon as the state change arrives. What the relay
 * misses (a state change made by a process without it, a Redis message lost on the way) is still
 * refused at store time: the bot message is only stored while the conversation is in `bot`, checked
 * under the row lock.
 */
@Injectable()
export class ReplyRegistry {
  private readonly byConversation = new Map<string, ConversationReplies>();

  /** Runs `work` after the conversation's earlier replies; `controller` aborts it via `cancelAll`. */
  enqueue<T>(conversationId: string, controller: AbortController, work: () => Promise<T>): Promise<T> {
    const entry = this.byConversation.get(conversationId) ?? { tail: Promise.resolve(), controllers: new Set() };
    this.byConversation.set(conversationId, entry);
    entry.controllers.add(controller);
    const result = entry.tail.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    entry.tail = settled;
    void settled.then(() => {
      entry.controllers.delete(controller);
      if (entry.tail === settled) this.byConversation.delete(conversationId);
    });
    return result;
  }

  /**
   * Aborts the running and queued replies of the conversation; `reason` is what clients are told.
   * Calling it again is harmless: an aborted controller keeps its first reason.
   */
  cancelAll(conversationId: string, reason: string): number {
    const entry = this.byConversation.get(conversationId);
    if (!entry) return 0;
    for (const controller of entry.controllers) controller.abort(reason);
    return entry.controllers.size;
  }

  /** Replies running or queued for the conversation in this process. */
  pending(conversationId: string): number {
    return this.byConversation.get(conversationId)?.controllers.size ?? 0;
  }
}

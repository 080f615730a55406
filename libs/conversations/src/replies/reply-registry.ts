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
 * It only knows this process. With several api processes, a takeover handled by another process
 * cannot abort a reply running here; the reply is then refused at store time instead (the bot
 * message is only stored if the conversation is still in `bot`, checked under the row lock).
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

  /** Aborts the running and queued replies of the conversation; `reason` is what clients are told. */
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

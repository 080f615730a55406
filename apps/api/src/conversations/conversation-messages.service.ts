import { Injectable, Logger } from '@nestjs/common';
import { AuthContext, DomainError, ErrorCode } from '@app/core';
import { ConversationsService, VisitorMessageResult } from '@app/conversations';
import type { Actor, Message } from '@app/conversations';
import { toConversationView, toMessageView } from './conversations.dto';
import { sseFrame } from './server-sent-events';

/** The answer to a posted message: the stored message, the bot's stored reply (or null), the conversation after. */
export interface PostedMessage {
  message: ReturnType<typeof toMessageView>;
  reply: ReturnType<typeof toMessageView> | null;
  conversation: ReturnType<typeof toConversationView>;
}

/**
 * Messages posted through the REST API. A reply is not cancelled when the HTTP client goes away: the
 * CRM posts on the contact's behalf, and the reply belongs to the conversation (it is stored and
 * readable in the transcript) whether or not the request that caused it is still open.
 */
@Injectable()
export class ConversationMessagesService {
  private readonly logger = new Logger('ConversationMessages');

  constructor(private readonly conversations: ConversationsService) {}

  /** Posts as the contact and waits for the complete reply; null when a human has the conversation. */
  async postAsContact(tenantId: string, conversationId: string, text: string): Promise<PostedMessage> {
    const posted = await this.startAsContact(tenantId, conversationId, text);
    const reply = posted.reply ? await posted.reply.done : null;
    return this.answer(tenantId, posted.message, reply);
  }

  /**
   * Posts as the contact, then yields SSE frames: `message` (the stored message), `token` per reply
   * token, `done` with the same body as the JSON answer. Errors before the first frame (unknown
   * conversation, bad text) are thrown here, so they still get a normal error response.
   */
  async streamAsContact(tenantId: string, conversationId: string, text: string): Promise<AsyncIterable<string>> {
    const posted = await this.startAsContact(tenantId, conversationId, text);
    return this.frames(tenantId, posted);
  }

  /** A human agent writing through the API: takes the conversation over first when the bot has it. */
  async postAsHuman(auth: AuthContext, conversationId: string, text: string, authorName?: string) {
    const author: Actor = { kind: 'api_key', id: auth.keyId, name: authorName ?? null };
    const message = await this.conversations.postHumanMessage(auth.tenantId, conversationId, author, text);
    return this.answer(auth.tenantId, message, null);
  }

  private async startAsContact(tenantId: string, conversationId: string, text: string) {
    const conversation = await this.conversations.get(tenantId, conversationId);
    if (conversation.channel === 'widget') {
      // The widget's visitor is the contact there; another client writing in their name would confuse both.
      throw new DomainError(
        ErrorCode.Conflict,
        `conversation ${conversationId} belongs to the widget: only its visitor posts as the contact (post as: human instead)`,
      );
    }
    return this.conversations.postVisitorMessage(tenantId, conversationId, text);
  }

  private async *frames(tenantId: string, posted: VisitorMessageResult): AsyncGenerator<string> {
    yield sseFrame('message', toMessageView(posted.message));
    try {
      if (posted.reply) {
        for await (const token of posted.reply.tokens) {
          yield sseFrame('token', { replyId: posted.reply.replyId, token });
        }
      }
      const reply = posted.reply ? await posted.reply.done : null;
      yield sseFrame('done', await this.answer(tenantId, posted.message, reply));
    } catch (error) {
      // Headers are gone: the failure can only be told in the stream.
      this.logger.error(`conversation ${posted.message.conversationId}: stream failed: ${(error as Error).message}`);
      yield sseFrame('error', { code: 'InternalError', message: 'the reply could not be completed' });
    }
  }

  private async answer(tenantId: string, message: Message, reply: Message | null): Promise<PostedMessage> {
    const conversation = await this.conversations.get(tenantId, message.conversationId);
    return {
      message: toMessageView(message),
      reply: reply ? toMessageView(reply) : null,
      conversation: toConversationView(conversation),
    };
  }
}

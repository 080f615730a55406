import { Inject, Injectable } from '@nestjs/common';
import { AgentsService } from '@app/agents';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { CONVERSATIONS_CONFIG, ConversationsConfig } from '../config/conversations-config';
import { ContactInput, ContactsRepository } from '../contacts/contacts.repository';
import { buildContextPack } from '../context/context-pack.builder';
import { HANDOFF_ACTIONS } from '../conversation.types';
import type { Actor, Channel, Contact, Conversation, HandoffAction, Message } from '../conversation.types';
import {
  ConversationListQuery,
  ConversationPage,
  ConversationsRepository,
} from '../conversations/conversations.repository';
import { ConversationEvents } from '../events/conversation-events';
import { HandoffOptions, HandoffService } from '../handoff/handoff.service';
import { ConversationLog } from '../messages/conversation-log';
import { MessagesRepository } from '../messages/messages.repository';
import type { ContextPack } from '../protocol/socket-protocol';
import { BotReplyRunner, ReplyRun } from '../replies/bot-reply.runner';
import { assertChannel, assertIdShape, assertMessageText, normaliseContactInput } from './conversation-inputs';

export interface VisitorMessageResult {
  /** The visitor's message, stored before anything else happened. */
  message: Message;
  /** The bot's reply under way; null when a human has the conversation. */
  reply: ReplyRun | null;
}

const PAGE = 1000;

/**
 * The conversations API the gateways, REST controllers, OpenAI endpoint and webhooks build on. Every
 * method takes the tenant first; a conversation of another tenant is "not found", like a missing one.
 */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly log: ConversationLog,
    private readonly events: ConversationEvents,
    private readonly handoff: HandoffService,
    private readonly replies: BotReplyRunner,
    private readonly agents: AgentsService,
    @Inject(CONVERSATIONS_CONFIG) private readonly config: ConversationsConfig,
  ) {}

  async upsertContact(tenantId: string, input: ContactInput): Promise<Contact> {
    return this.contacts.upsert(tenantId, normaliseContactInput(input));
  }

  async getContact(tenantId: string, contactId: string): Promise<Contact> {
    assertIdShape('contact', contactId);
    const contact = await this.contacts.findById(tenantId, contactId);
    if (!contact) throw new NotFoundError('contact', contactId);
    return contact;
  }

  async startConversation(
    tenantId: string,
    input: { agentId: string; contactId: string; channel: Channel },
  ): Promise<Conversation> {
    assertChannel(input.channel);
    assertIdShape('agent', input.agentId);
    await this.agents.get(tenantId, input.agentId);
    await this.getContact(tenantId, input.contactId);
    const conversation = await this.conversations.create(tenantId, input);
    this.events.publish({ type: 'conversation.created', tenantId, conversation });
    return conversation;
  }

  async get(tenantId: string, conversationId: string): Promise<Conversation> {
    assertIdShape('conversation', conversationId);
    const conversation = await this.conversations.findById(tenantId, conversationId);
    if (!conversation) throw new NotFoundError('conversation', conversationId);
    return conversation;
  }

  async list(tenantId: string, query: ConversationListQuery): Promise<ConversationPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100) {
      throw new DomainError(ErrorCode.ValidationFailed, 'limit: expected a whole number between 1 and 100');
    }
    for (const key of ['agentId', 'contactId'] as const) {
      const value = query[key];
      if (value !== undefined) assertIdShape(key === 'agentId' ? 'agent' : 'contact', value);
    }
    if (query.channel !== undefined) assertChannel(query.channel);
    return this.conversations.list(tenantId, query);
  }

  /** Every message, in order. */
  async transcript(tenantId: string, conversationId: string): Promise<Message[]> {
    await this.get(tenantId, conversationId);
    const all: Message[] = [];
    for (;;) {
      const page = await this.messages.listAfter(tenantId, conversationId, all.at(-1)?.seq ?? 0, PAGE);
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  /** What a reconnecting client missed: messages with seq > afterSeq, in order. */
  async messagesAfter(tenantId: string, conversationId: string, afterSeq: number, limit = PAGE): Promise<Message[]> {
    if (!Number.isInteger(afterSeq) || afterSeq < 0) {
      throw new DomainError(ErrorCode.ValidationFailed, 'lastSeq: expected a whole number >= 0');
    }
    await this.get(tenantId, conversationId);
    return this.messages.listAfter(tenantId, conversationId, afterSeq, Math.min(Math.max(limit, 1), PAGE));
  }

  /**
   * Stores the visitor's message first, then: resolved → reopened with the bot; bot → a reply runs
   * (after any earlier reply of the conversation); pending_human/human → no bot reply, the humans get
   * the message through `message.created`. `signal` aborts the reply (visitor gone), never the storing.
   */
  async postVisitorMessage(
    tenantId: string,
    conversationId: string,
    text: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<VisitorMessageResult> {
    assertMessageText(text, this.config.CONVERSATION_MAX_MESSAGE_CHARS);
    assertIdShape('conversation', conversationId);
    const stored = await this.log.append(tenantId, conversationId, { role: 'visitor', text });
    if (!stored) throw new NotFoundError('conversation', conversationId);
    let conversation = stored.conversation;
    if (conversation.state === 'resolved') {
      conversation = await this.handoff.apply(conversation, 'reopen', { kind: 'visitor', id: conversation.contactId });
    }
    if (conversation.state !== 'bot') return { message: stored.message, reply: null };
    return {
      message: stored.message,
      reply: this.replies.start(tenantId, conversationId, stored.message, options.signal),
    };
  }

  /**
   * A human agent's message. In `bot` or `pending_human` the author takes over first (the bot is
   * muted before the human speaks); a resolved conversation is refused (reopening is the visitor's).
   */
  async postHumanMessage(tenantId: string, conversationId: string, author: Actor, text: string): Promise<Message> {
    assertMessageText(text, this.config.CONVERSATION_MAX_MESSAGE_CHARS);
    let conversation = await this.get(tenantId, conversationId);
    if (conversation.state === 'bot' || conversation.state === 'pending_human') {
      conversation = await this.handoff.apply(conversation, 'take_over', author);
    }
    if (conversation.state !== 'human') {
      throw new DomainError(
        ErrorCode.Conflict,
        `cannot post a human message to a conversation in state ${conversation.state}`,
      );
    }
    const authorId = author.kind === 'user' ? author.id : null;
    const stored = await this.log.append(tenantId, conversationId, { role: 'human', text, authorId }, 'human');
    if (!stored) {
      const current = await this.get(tenantId, conversationId);
      throw new DomainError(
        ErrorCode.Conflict,
        `cannot post a human message to a conversation in state ${current.state}`,
      );
    }
    return stored.message;
  }

  /** An explicit handoff action, validated by the state machine (Conflict when not allowed). */
  async applyAction(
    tenantId: string,
    conversationId: string,
    action: HandoffAction,
    actor: Actor,
    options: HandoffOptions = {},
  ): Promise<Conversation> {
    if (!(HANDOFF_ACTIONS as readonly string[]).includes(action)) {
      throw new DomainError(ErrorCode.ValidationFailed, `action: expected one of ${HANDOFF_ACTIONS.join(', ')}`);
    }
    const conversation = await this.get(tenantId, conversationId);
    return this.handoff.apply(conversation, action, actor, options);
  }

  async contextPack(tenantId: string, conversationId: string): Promise<ContextPack> {
    const conversation = await this.get(tenantId, conversationId);
    const [agent, transcript] = await Promise.all([
      this.agents.get(tenantId, conversation.agentId),
      this.transcript(tenantId, conversationId),
    ]);
    return buildContextPack(agent, conversation, transcript);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { AgentDefinition, AgentsService } from '@app/agents';
import { AuthContext, DomainError, ErrorCode, NotFoundError } from '@app/core';
import { ConversationsService } from '@app/conversations';
import type { Conversation, Message, VisitorMessageResult } from '@app/conversations';
import { sseFrame } from '../conversations/server-sent-events';
import {
  completion,
  completionChunk,
  CompletionHeader,
  replyOutcome,
  SeedCompletionInfo,
  toCompletionCitations,
  usageOf,
} from './chat-completion-views';
import { ChatCompletionDto, messageText } from './chat-completions.dto';

/** Said to the client when its message went to a human instead of the bot. */
export const PASSED_TO_HUMAN = 'Your message was passed to a human agent, who will reply in this conversation.';

/** A started completion: the user's message is stored and the agent's reply (if any) is under way. */
export interface CompletionRun {
  header: CompletionHeader;
  posted: VisitorMessageResult;
  /** All message texts of the request, for the rough usage figures. */
  promptText: string;
  includeUsage: boolean;
}

/**
 * OpenAI chat completions on top of conversations. Each call stores the last user message in a
 * conversation of channel `openai` and runs the agent on it; the agent's history is the stored
 * conversation (see `conversationFor` for which conversation a call continues).
 */
@Injectable()
export class ChatCompletionsService {
  private readonly logger = new Logger('ChatCompletions');

  constructor(
    private readonly agents: AgentsService,
    private readonly conversations: ConversationsService,
  ) {}

  async start(
    auth: AuthContext,
    body: ChatCompletionDto,
    conversationHeader: string | undefined,
    signal: AbortSignal,
  ): Promise<CompletionRun> {
    const agent = await this.agentFor(auth.tenantId, body.model);
    const conversation = await this.conversationFor(auth, agent, body, conversationHeader);
    const text = messageText(body.messages.at(-1)!);
    const posted = await this.conversations.postVisitorMessage(auth.tenantId, conversation.id, text, { signal });
    return {
      header: {
        id: `chatcmpl-${posted.reply?.replyId ?? posted.message.id}`,
        created: Math.floor(Date.now() / 1000),
        model: agent.slug,
      },
      posted,
      promptText: body.messages.map(messageText).join('\n'),
      includeUsage: body.stream_options?.include_usage === true,
    };
  }

  /** Waits for the stored reply and answers with a `chat.completion`. */
  async complete(tenantId: string, run: CompletionRun) {
    const reply = run.posted.reply ? await run.posted.reply.done : null;
    const { content, citations, seed } = await this.outcome(tenantId, run, reply);
    return completion(run.header, content, citations, seed, run.promptText);
  }

  /** `chat.completion.chunk` frames: the role, one per reply token, the last with citations and `seed`; `[DONE]`. */
  async *chunks(tenantId: string, run: CompletionRun): AsyncGenerator<string> {
    yield sseFrame(null, completionChunk(run.header, { role: 'assistant', content: '' }));
    try {
      let streamed = '';
      if (run.posted.reply) {
        for await (const token of run.posted.reply.tokens) {
          streamed += token;
          yield sseFrame(null, completionChunk(run.header, { content: token }));
        }
      }
      const reply = run.posted.reply ? await run.posted.reply.done : null;
      const { content, citations, seed } = await this.outcome(tenantId, run, reply);
      // Without a bot reply nothing was streamed: the notice is the whole content.
      if (!streamed && content) yield sseFrame(null, completionChunk(run.header, { content }));
      yield sseFrame(null, { ...completionChunk(run.header, {}, 'stop'), citations, seed });
      if (run.includeUsage) {
        yield sseFrame(null, {
          ...completionChunk(run.header, {}),
          choices: [],
          usage: usageOf(run.promptText, content),
        });
      }
    } catch (error) {
      // Headers are gone: the failure can only be told in the stream, in the shape OpenAI clients read.
      this.logger.warn(`completion ${run.header.id}: ${(error as Error).message}`);
      const message = error instanceof DomainError ? error.message : 'the reply could not be completed';
      yield sseFrame(null, { error: { message, type: 'server_error', code: null, param: null } });
    }
    yield sseFrame(null, '[DONE]');
  }

  private async agentFor(tenantId: string, slug: string): Promise<AgentDefinition> {
    try {
      return await this.agents.getBySlug(tenantId, slug);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new DomainError(ErrorCode.NotFound, `model ${slug} not found: the model is the slug of one of your agents`);
    }
  }

  /**
   * Which conversation the call writes to: the one named by the `x-seed-conversation-id` header or the
   * `seed_conversation_id` field; else, with `user`, that contact's latest unresolved `openai`
   * conversation with this agent; else a new one (for `user`'s contact, or for the API key's own
   * anonymous contact).
   */
  private async conversationFor(
    auth: AuthContext,
    agent: AgentDefinition,
    body: ChatCompletionDto,
    conversationHeader: string | undefined,
  ): Promise<Conversation> {
    const { tenantId } = auth;
    const named = conversationHeader?.trim() || body.seed_conversation_id;
    if (named) return this.namedConversation(tenantId, agent, named);
    const identity = body.user ? { externalId: body.user } : { visitorId: `openai:${auth.keyId}` };
    const contact = await this.conversations.upsertContact(tenantId, identity);
    if (body.user) {
      const query = { contactId: contact.id, agentId: agent.id, channel: 'openai' as const, limit: 1 };
      const latest = (await this.conversations.list(tenantId, query)).data[0];
      if (latest && latest.state !== 'resolved') return latest;
    }
    return this.conversations.startConversation(tenantId, {
      agentId: agent.id,
      contactId: contact.id,
      channel: 'openai',
    });
  }

  private async namedConversation(tenantId: string, agent: AgentDefinition, id: string): Promise<Conversation> {
    const conversation = await this.conversations.get(tenantId, id);
    if (conversation.agentId !== agent.id) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `model: conversation ${id} is not with the agent ${agent.slug}`,
      );
    }
    if (conversation.channel === 'widget') {
      throw new DomainError(
        ErrorCode.Conflict,
        `conversation ${id} belongs to the widget: only its visitor writes as the contact`,
      );
    }
    return conversation;
  }

  private async outcome(tenantId: string, run: CompletionRun, reply: Message | null) {
    const conversation = await this.conversations.get(tenantId, run.posted.message.conversationId);
    if (!reply && conversation.state === 'bot') {
      // Stored nothing although the bot has the conversation: the reply failed or was cancelled.
      throw new DomainError(
        ErrorCode.ServiceUnavailable,
        `the agent could not answer; your message is stored in conversation ${conversation.id}`,
      );
    }
    const seed: SeedCompletionInfo = {
      conversationId: conversation.id,
      state: conversation.state,
      ...replyOutcome(reply),
      handoff: conversation.state === 'pending_human' || conversation.state === 'human',
    };
    const content = reply ? reply.text : PASSED_TO_HUMAN;
    return { content, citations: toCompletionCitations(reply?.citations ?? []), seed };
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgentPipeline, AgentsService, IntentLabelsRepository, PipelineResult, redactPii } from '@app/agents';
import { Database } from '@app/core';
import type { ChatMessage } from '@app/slm';
import { CONVERSATIONS_CONFIG, ConversationsConfig } from '../config/conversations-config';
import type { Conversation, Message } from '../conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationEvents } from '../events/conversation-events';
import { HandoffService } from '../handoff/handoff.service';
import { Appended, ConversationLog } from '../messages/conversation-log';
import { MessagesRepository } from '../messages/messages.repository';
import { ReplyRegistry } from './reply-registry';
import { TokenChannel } from './token-channel';

/** A bot reply under way: tokens as they are written, then the stored message (null: none stored). */
export interface ReplyRun {
  replyId: string;
  tokens: AsyncIterable<string>;
  done: Promise<Message | null>;
}

/** Thrown inside a run to stop it without storing; `reason` is published in `reply.cancelled`. */
class ReplyCancelled extends Error {}

/**
 * Runs the agent pipeline for a stored visitor message and stores the reply when complete. Replies of
 * one conversation run one after the other (ReplyRegistry). The reply is only stored if the
 * conversation is still in `bot` when it is written, so a human who took over (here or on another
 * api process) never sees a bot answer land after them.
 */
@Injectable()
export class BotReplyRunner {
  private readonly logger = new Logger('BotReplyRunner');

  constructor(
    private readonly database: Database,
    private readonly agents: AgentsService,
    private readonly pipeline: AgentPipeline,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly log: ConversationLog,
    private readonly events: ConversationEvents,
    private readonly handoff: HandoffService,
    private readonly replies: ReplyRegistry,
    private readonly labels: IntentLabelsRepository,
    @Inject(CONVERSATIONS_CONFIG) private readonly config: ConversationsConfig,
  ) {}

  start(tenantId: string, conversationId: string, visitorMessage: Message, signal?: AbortSignal): ReplyRun {
    const replyId = randomUUID();
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort('visitor_left'), { once: true });
    if (signal?.aborted) controller.abort('visitor_left');
    const tokens = new TokenChannel();
    const reply = { tenantId, conversationId, replyId, visitorMessage, signal: controller.signal, tokens };
    const done = this.replies
      .enqueue(conversationId, controller, () => this.run(reply))
      .catch((error: unknown) => this.giveUp(reply, error))
      .finally(() => tokens.end());
    return { replyId, tokens, done };
  }

  private async run(reply: RunningReply): Promise<Message> {
    const { tenantId, conversationId, signal } = reply;
    stopIfAborted(signal);
    const conversation = await this.conversations.findById(tenantId, conversationId);
    if (conversation?.state !== 'bot') throw new ReplyCancelled('not_with_bot');
    this.events.publish({ type: 'typing', tenantId, conversationId, role: 'bot' });
    const agent = await this.agents.get(tenantId, conversation.agentId);
    const history = await this.history(tenantId, conversationId, reply.visitorMessage.seq);
    const context = { tenantId, history, pendingConfirmation: conversation.pendingConfirmation };
    const run = this.pipeline.handleMessage(agent, context, reply.visitorMessage.text, { signal });
    for await (const token of run.stream) {
      stopIfAborted(signal);
      this.events.publish({ type: 'reply.token', tenantId, conversationId, replyId: reply.replyId, token });
      reply.tokens.push(token);
    }
    const result = await run.result;
    stopIfAborted(signal);
    const stored = await this.store(conversation, result, reply);
    if (!stored) throw new ReplyCancelled('not_with_bot');
    this.log.publish(tenantId, stored);
    if (result.handoff) await this.requestHuman(stored.conversation, result.handoff);
    return stored.message;
  }

  /**
   * Bot message and what the bot learnt, in one transaction, only while the conversation is with the
   * bot: the conversation's intent and, when the escalation model decided it, a teacher label for the
   * visitor message (the text the teacher saw, PII replaced).
   */
  private store(conversation: Conversation, result: PipelineResult, reply: RunningReply): Promise<Appended | null> {
    const { tenantId, id } = conversation;
    return this.database.transaction(async (client) => {
      const { text, citations, trace } = result;
      const input = { id: reply.replyId, role: 'bot' as const, text, citations, trace };
      const appended = await this.log.appendIn(client, tenantId, id, input, 'bot');
      if (!appended) return null;
      const outcome = { intent: result.intent?.name ?? null, pendingConfirmation: result.confirmation ?? null };
      const updated = await this.conversations.recordReplyOutcome(client, tenantId, id, outcome);
      if (result.intentTeacher) {
        const label = { label: result.intentTeacher.label, source: 'escalation' as const, text: result.redactedText };
        const target = {
          tenantId,
          agentId: conversation.agentId,
          conversationId: id,
          messageId: reply.visitorMessage.id,
        };
        await this.labels.upsert({ ...target, ...label }, client);
      }
      return { conversation: updated, message: appended.message };
    });
  }

  /** The pipeline's handoff becomes an explicit request_human (its reply already told the visitor). */
  private async requestHuman(conversation: Conversation, handoff: NonNullable<PipelineResult['handoff']>) {
    const reason = handoff.outOfHours ? `out_of_hours:${handoff.reason}` : handoff.reason;
    try {
      await this.handoff.apply(
        conversation,
        'request_human',
        { kind: 'bot', id: null },
        { reason, outOfHours: handoff.outOfHours },
      );
    } catch (error) {
      // A human took over in between: the conversation already is where the handoff wanted it.
      this.logger.warn(`conversation ${conversation.id}: handoff not applied: ${(error as Error).message}`);
    }
  }

  /** Earlier turns before the visitor's message, redacted like the message itself. */
  private async history(tenantId: string, conversationId: string, beforeSeq: number): Promise<ChatMessage[]> {
    const limit = this.config.CONVERSATION_HISTORY_MESSAGES;
    if (limit === 0) return [];
    const earlier = await this.messages.listBefore(tenantId, conversationId, beforeSeq, limit);
    return earlier
      .filter((message) => message.role !== 'system')
      .map((message) => ({
        role: message.role === 'visitor' ? ('user' as const) : ('assistant' as const),
        content: redactPii(message.text).redactedText,
      }));
  }

  private giveUp(reply: RunningReply, error: unknown): null {
    // An abort (takeover, visitor gone) explains any error that followed it.
    const reason = reply.signal.aborted
      ? String(reply.signal.reason ?? 'cancelled')
      : error instanceof ReplyCancelled
        ? error.message
        : 'failed';
    if (reason === 'failed') {
      this.logger.error(`conversation ${reply.conversationId}: reply failed: ${(error as Error)?.stack ?? error}`);
    }
    const { tenantId, conversationId, replyId } = reply;
    this.events.publish({ type: 'reply.cancelled', tenantId, conversationId, replyId, reason });
    return null;
  }
}

interface RunningReply {
  tenantId: string;
  conversationId: string;
  replyId: string;
  visitorMessage: Message;
  signal: AbortSignal;
  tokens: TokenChannel;
}

function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new ReplyCancelled(String(signal.reason ?? 'cancelled'));
}

import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ReplyRegistry } from '@app/conversations';
import { ConversationRelay } from './conversation-relay';
import type { RealtimeEvent } from './realtime-event';

/**
 * Stops this process's bot replies when their conversation leaves `bot` anywhere in the cluster.
 * HandoffService cancels the replies of the process that applied the handoff; a reply streaming on
 * another api process hears of it here, through the relay, and is aborted at once (its model request
 * with it) instead of streaming to its end and being refused at store time. Local state changes pass
 * through the relay too: cancelling again is a no-op, as an aborted controller stays aborted with its
 * first reason.
 */
@Injectable()
export class ReplyCancellation implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly relay: ConversationRelay,
    private readonly replies: ReplyRegistry,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.relay.subscribe((event) => this.cancelIfLeftBot(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private cancelIfLeftBot(event: RealtimeEvent): void {
    if (event.type !== 'state' || event.conversation.state === 'bot') return;
    // The reasons HandoffService gives, so the visitor is told the same whichever process cancelled.
    const reason = event.conversation.state === 'resolved' ? 'resolved' : 'human_took_over';
    this.replies.cancelAll(event.conversation.id, reason);
  }
}

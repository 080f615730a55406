import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import {
  ConversationEvents,
  ConversationsService,
  PublicMessage,
  toPublicMessage,
  WidgetClientEvents,
  WidgetServerEvents,
} from '@app/conversations';
import { CORE_CONFIG, CoreConfig, RateLimiter } from '@app/core';
import { ConnectionBudget, limitEventsPerConnection } from './connection-budget';
import { ConversationRelay } from './conversation-relay';
import { ConversationFeed } from './conversation-feed';
import { REALTIME_CONFIG, RealtimeConfig } from './realtime.config';
import { conversationRoom, RealtimeEvent } from './realtime-event';
import { answer, openConnectionsWith } from './socket-errors';
import { parsePayload, visitorMessageSchema } from './socket-payloads';
import { VisitorSession, WidgetSessions } from './widget-sessions';

interface WidgetSocketData {
  session: VisitorSession;
  /** The conversation's messages to this socket: replay, then live, in order, once. */
  feed: ConversationFeed;
  /** Bot replies to this socket's messages still being written; aborted if the visitor leaves. */
  replies: Set<AbortController>;
}

type WidgetSocket = Socket<WidgetClientEvents, WidgetServerEvents, DefaultEventsMap, WidgetSocketData>;
type WidgetNamespace = Namespace<WidgetClientEvents, WidgetServerEvents, DefaultEventsMap, WidgetSocketData>;

/**
 * `/widget`: one visitor's chat. The handshake (site key, origin, visitor token) binds the connection
 * to one conversation, so no event takes a conversation id and a visitor can reach no other.
 */
@WebSocketGateway({ namespace: '/widget' })
export class WidgetGateway
  implements
    OnGatewayInit<WidgetNamespace>,
    OnGatewayConnection<WidgetSocket>,
    OnGatewayDisconnect<WidgetSocket>,
    OnModuleDestroy
{
  private readonly logger = new Logger('WidgetGateway');
  private namespace!: WidgetNamespace;
  private unsubscribe?: () => void;

  constructor(
    private readonly sessions: WidgetSessions,
    private readonly conversations: ConversationsService,
    private readonly events: ConversationEvents,
    private readonly relay: ConversationRelay,
    private readonly limiter: RateLimiter,
    @Inject(CORE_CONFIG) private readonly core: CoreConfig,
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
  ) {}

  afterInit(namespace: WidgetNamespace): void {
    this.namespace = namespace;
    openConnectionsWith(namespace, (socket) => this.open(socket), this.logger);
    this.relay.attach(namespace.server);
    this.unsubscribe = this.relay.subscribe((event) => this.deliver(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  handleConnection(socket: WidgetSocket): void {
    const { session, feed } = socket.data;
    const windowMs = this.config.RATE_LIMIT_SOCKET_WINDOW_SECONDS * 1000;
    limitEventsPerConnection(socket, new ConnectionBudget(this.config.RATE_LIMIT_SOCKET_EVENTS, windowMs), this.logger);
    // Join first, then replay: a live message that overtakes the replay waits for it in the feed.
    void socket.join(conversationRoom(session.conversationId));
    const { visitorToken, conversationId, state, theme } = session;
    socket.emit('session', { visitorToken, conversationId, state, theme });
    void feed.catchUp();
  }

  handleDisconnect(socket: WidgetSocket): void {
    const replies = socket.data.replies;
    if (replies?.size) void this.abortRepliesIfVisitorLeft(socket.data.session.conversationId, [...replies]);
  }

  @SubscribeMessage('message')
  async onMessage(@ConnectedSocket() socket: WidgetSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    await answer(ack, this.logger, async () => {
      const { text } = parsePayload(visitorMessageSchema, payload);
      const { tenantId, visitorId, conversationId } = socket.data.session;
      const windowMs = this.core.RATE_LIMIT_VISITOR_WINDOW_SECONDS * 1000;
      const limit = this.core.RATE_LIMIT_VISITOR_MESSAGES;
      await this.limiter.enforce(`visitor:${tenantId}:${visitorId}`, limit, windowMs, 'messages per visitor');
      const controller = new AbortController();
      const { message, reply } = await this.conversations.postVisitorMessage(tenantId, conversationId, text, {
        signal: controller.signal,
      });
      if (reply) this.trackReply(socket, controller, reply.done);
      return { message: toPublicMessage(message) };
    });
  }

  @SubscribeMessage('request_human')
  async onRequestHuman(@ConnectedSocket() socket: WidgetSocket, @Ack() ack: unknown) {
    await answer(ack, this.logger, async () => {
      const { tenantId, conversationId, contactId } = socket.data.session;
      const actor = { kind: 'visitor' as const, id: contactId };
      const conversation = await this.conversations.applyAction(tenantId, conversationId, 'request_human', actor);
      return { state: conversation.state };
    });
  }

  @SubscribeMessage('typing')
  onTyping(@ConnectedSocket() socket: WidgetSocket): void {
    const { tenantId, conversationId } = socket.data.session;
    this.events.publish({ type: 'typing', tenantId, conversationId, role: 'visitor' });
  }

  private async open(socket: WidgetSocket): Promise<void> {
    const { auth, headers } = socket.handshake;
    const session = await this.sessions.open({ auth, origin: headers.origin, address: clientAddress(socket) });
    const { tenantId, conversationId } = session;
    const feed = new ConversationFeed(
      session.replayAfterSeq,
      async (after, limit) =>
        (await this.conversations.messagesAfter(tenantId, conversationId, after, limit)).map(toPublicMessage),
      (messages) => this.send(socket, messages),
      (error) => this.resync(socket, error),
    );
    socket.data = { session, feed, replies: new Set() };
  }

  /** The client could not be kept in order: closing the transport makes it reconnect and replay from its lastSeq. */
  private resync(socket: WidgetSocket, error: unknown): void {
    const { conversationId } = socket.data.session;
    this.logger.error(`messages of ${conversationId} not sent: ${(error as Error)?.stack ?? String(error)}`);
    socket.conn.close();
  }

  private deliver(event: RealtimeEvent): void {
    switch (event.type) {
      case 'message':
        return this.deliverMessage(event.conversationId, event.message);
      case 'reply.token':
        return void this.room(event.conversationId).emit('reply.token', { replyId: event.replyId, token: event.token });
      case 'reply.cancelled': {
        const { replyId, reason } = event;
        return void this.room(event.conversationId).emit('reply.cancelled', { replyId, reason });
      }
      case 'state': {
        const { conversation, reason } = event;
        return void this.room(conversation.id).emit('state', { state: conversation.state, reason });
      }
      case 'typing':
        if (event.role !== 'visitor') this.room(event.conversationId).emit('typing', { role: event.role });
        return;
      case 'conversation.created':
        return;
    }
  }

  /** Each socket of the conversation on this process gets the message in order, unless it already had it. */
  private deliverMessage(conversationId: string, message: PublicMessage): void {
    for (const id of this.namespace.adapter.rooms.get(conversationRoom(conversationId)) ?? []) {
      this.namespace.sockets.get(id)?.data.feed.live(message);
    }
  }

  private send(socket: WidgetSocket, messages: PublicMessage[]): void {
    for (const message of messages) socket.emit('message', message);
  }

  /** This process's sockets of the conversation: the relay already brought the event to every process. */
  private room(conversationId: string) {
    return this.namespace.local.to(conversationRoom(conversationId));
  }

  private trackReply(socket: WidgetSocket, controller: AbortController, done: Promise<unknown>): void {
    socket.data.replies.add(controller);
    const forget = () => socket.data.replies.delete(controller);
    done.then(forget, forget);
  }

  /**
   * A visitor who closed the tab will never read the reply: stop generating it. Only when no other
   * connection of the conversation is left anywhere in the cluster (another tab still shows it); if
   * that cannot be known, the reply is left to finish.
   */
  private async abortRepliesIfVisitorLeft(conversationId: string, replies: AbortController[]): Promise<void> {
    try {
      const remaining = await this.namespace.in(conversationRoom(conversationId)).fetchSockets();
      if (remaining.length === 0) for (const controller of replies) controller.abort('visitor_left');
    } catch (error) {
      this.logger.warn(`cannot tell whether visitor of ${conversationId} left: ${(error as Error).message}`);
    }
  }
}

/** The client's address; X-Forwarded-For is trusted like the HTTP side does (trustProxy). */
function clientAddress(socket: WidgetSocket): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || socket.handshake.address;
}

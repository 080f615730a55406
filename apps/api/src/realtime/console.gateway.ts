import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import {
  Actor,
  ConsoleClientEvents,
  ConsoleServerEvents,
  ConversationEvents,
  ConversationsService,
  HandoffAction,
  PublicMessage,
  toConsoleConversation,
  toPublicMessage,
} from '@app/conversations';
import { ConsoleUser, DomainError, ErrorCode, TokenSigner, verifyConsoleToken } from '@app/core';
import { DocumentEvent, DocumentEvents } from '@app/rag';
import { UsersService } from '../users/users.service';
import { ConnectionBudget, limitEventsPerConnection } from './connection-budget';
import { ConversationRelay } from './conversation-relay';
import { ConversationFeed } from './conversation-feed';
import { REALTIME_CONFIG, RealtimeConfig } from './realtime.config';
import { conversationRoom, RealtimeEvent, tenantRoom } from './realtime-event';
import { answer, openConnectionsWith } from './socket-errors';
import {
  consoleHandshakeSchema,
  conversationListSchema,
  conversationRefSchema,
  humanReplySchema,
  parsePayload,
} from './socket-payloads';

interface ConsoleSocketData {
  user: ConsoleUser;
  actor: Actor;
  /** The subscribed conversations, each with its feed of messages to this socket. */
  feeds: Map<string, ConversationFeed>;
}

type ConsoleSocket = Socket<ConsoleClientEvents, ConsoleServerEvents, DefaultEventsMap, ConsoleSocketData>;
type ConsoleNamespace = Namespace<ConsoleClientEvents, ConsoleServerEvents, DefaultEventsMap, ConsoleSocketData>;

/**
 * `/console`: human agents of one tenant. Every conversation id a client names is looked up in the
 * agent's own tenant first, so a conversation of another tenant is "not found" like a missing one.
 */
@WebSocketGateway({ namespace: '/console' })
export class ConsoleGateway
  implements OnGatewayInit<ConsoleNamespace>, OnGatewayConnection<ConsoleSocket>, OnModuleDestroy
{
  private readonly logger = new Logger('ConsoleGateway');
  private namespace!: ConsoleNamespace;
  private readonly unsubscribers: (() => void)[] = [];

  constructor(
    private readonly signer: TokenSigner,
    private readonly users: UsersService,
    private readonly conversations: ConversationsService,
    private readonly events: ConversationEvents,
    private readonly relay: ConversationRelay,
    private readonly documents: DocumentEvents,
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
  ) {}

  afterInit(namespace: ConsoleNamespace): void {
    this.namespace = namespace;
    openConnectionsWith(namespace, (socket) => this.open(socket), this.logger);
    this.relay.attach(namespace.server);
    this.unsubscribers.push(
      this.relay.subscribe((event) => this.deliver(event)),
      // Document events already reach every api process (Redis pub/sub): emit to this process's sockets only.
      this.documents.subscribe((event) => this.deliverProgress(event)),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  handleConnection(socket: ConsoleSocket): void {
    const windowMs = this.config.RATE_LIMIT_SOCKET_WINDOW_SECONDS * 1000;
    limitEventsPerConnection(socket, new ConnectionBudget(this.config.RATE_LIMIT_SOCKET_EVENTS, windowMs), this.logger);
    void socket.join(tenantRoom(socket.data.user.tenantId));
  }

  @SubscribeMessage('conversations.list')
  async onList(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    await answer(ack, this.logger, async () => {
      const { state } = parsePayload(conversationListSchema, payload ?? {});
      const page = await this.conversations.list(socket.data.user.tenantId, { state, limit: 100 });
      return { conversations: page.data.map(toConsoleConversation) };
    });
  }

  /** The ack carries the transcript; live messages follow it, in order, none twice, none missed in between. */
  @SubscribeMessage('subscribe')
  async onSubscribe(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    let feed: ConversationFeed | undefined;
    const subscribed = await answer(ack, this.logger, async () => {
      const { conversationId } = parsePayload(conversationRefSchema, payload);
      const { tenantId } = socket.data.user;
      const conversation = await this.conversations.get(tenantId, conversationId);
      feed = this.feedFor(socket, conversationId);
      // Live messages wait until the acknowledgement with the transcript has gone out.
      feed.cursor.pause();
      socket.data.feeds.set(conversationId, feed);
      await socket.join(conversationRoom(conversationId));
      try {
        const transcript = await this.conversations.transcript(tenantId, conversationId);
        feed.cursor.offer(transcript.map(toPublicMessage));
        return { conversation: toConsoleConversation(conversation), messages: feed.cursor.drain() };
      } catch (error) {
        this.forget(socket, conversationId);
        throw error;
      }
    });
    if (subscribed) feed?.resume();
  }

  @SubscribeMessage('unsubscribe')
  async onUnsubscribe(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    await answer(ack, this.logger, async () => {
      this.forget(socket, parsePayload(conversationRefSchema, payload).conversationId);
      return {};
    });
  }

  @SubscribeMessage('take_over')
  async onTakeOver(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    await answer(ack, this.logger, async () => {
      const { conversationId } = parsePayload(conversationRefSchema, payload);
      const { user, actor } = socket.data;
      const conversation = await this.conversations.applyAction(user.tenantId, conversationId, 'take_over', actor);
      const contextPack = await this.conversations.contextPack(user.tenantId, conversationId);
      return { conversation: toConsoleConversation(conversation), contextPack };
    });
  }

  @SubscribeMessage('reply')
  async onReply(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    await answer(ack, this.logger, async () => {
      const { conversationId, text } = parsePayload(humanReplySchema, payload);
      const { user, actor } = socket.data;
      const message = await this.conversations.postHumanMessage(user.tenantId, conversationId, actor, text);
      return { message: toPublicMessage(message) };
    });
  }

  @SubscribeMessage('hand_back')
  async onHandBack(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    await this.applyAction(socket, payload, ack, 'hand_back');
  }

  @SubscribeMessage('resolve')
  async onResolve(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown, @Ack() ack: unknown) {
    await this.applyAction(socket, payload, ack, 'resolve');
  }

  /** Only for a subscribed conversation (whose tenant was checked then); anything else is dropped. */
  @SubscribeMessage('typing')
  onTyping(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() payload: unknown): void {
    const conversationId = (payload as { conversationId?: unknown } | null)?.conversationId;
    if (typeof conversationId !== 'string' || !socket.data.feeds.has(conversationId)) return;
    this.events.publish({ type: 'typing', tenantId: socket.data.user.tenantId, conversationId, role: 'human' });
  }

  private async applyAction(socket: ConsoleSocket, payload: unknown, ack: unknown, action: HandoffAction) {
    await answer(ack, this.logger, async () => {
      const { conversationId } = parsePayload(conversationRefSchema, payload);
      const { user, actor } = socket.data;
      const conversation = await this.conversations.applyAction(user.tenantId, conversationId, action, actor);
      return { conversation: toConsoleConversation(conversation) };
    });
  }

  /** A valid console token of a user who still exists. */
  private async open(socket: ConsoleSocket): Promise<void> {
    const { token } = parsePayload(consoleHandshakeSchema, socket.handshake.auth);
    const user = verifyConsoleToken(this.signer, token);
    const record = await this.users.findById(user.tenantId, user.userId);
    if (!record) throw new DomainError(ErrorCode.Unauthenticated, 'this user no longer exists');
    const actor: Actor = { kind: 'user', id: record.id, name: record.name };
    socket.data = { user, actor, feeds: new Map() };
  }

  private feedFor(socket: ConsoleSocket, conversationId: string): ConversationFeed {
    const { tenantId } = socket.data.user;
    return new ConversationFeed(
      0,
      async (after, limit) =>
        (await this.conversations.messagesAfter(tenantId, conversationId, after, limit)).map(toPublicMessage),
      (messages) => this.send(socket, messages),
      (error) => {
        this.logger.error(`messages of ${conversationId} not sent: ${(error as Error)?.stack ?? String(error)}`);
        // Reconnecting (and subscribing again) is how the console gets back in order.
        socket.conn.close();
      },
    );
  }

  private forget(socket: ConsoleSocket, conversationId: string): void {
    socket.data.feeds.delete(conversationId);
    void socket.leave(conversationRoom(conversationId));
  }

  private deliver(event: RealtimeEvent): void {
    switch (event.type) {
      case 'conversation.created':
      case 'state':
        return void this.namespace.local
          .to(tenantRoom(event.tenantId))
          .emit('conversation.updated', event.conversation);
      case 'message':
        return this.deliverMessage(event.conversationId, event.message);
      case 'reply.token': {
        const { conversationId, replyId, token } = event;
        return void this.room(conversationId).emit('reply.token', { conversationId, replyId, token });
      }
      case 'reply.cancelled': {
        const { conversationId, replyId, reason } = event;
        return void this.room(conversationId).emit('reply.cancelled', { conversationId, replyId, reason });
      }
      case 'typing':
        return void this.room(event.conversationId).emit('typing', {
          conversationId: event.conversationId,
          role: event.role,
        });
    }
  }

  private deliverMessage(conversationId: string, message: PublicMessage): void {
    for (const id of this.namespace.adapter.rooms.get(conversationRoom(conversationId)) ?? []) {
      this.namespace.sockets.get(id)?.data.feeds.get(conversationId)?.live(message);
    }
  }

  private deliverProgress(event: DocumentEvent): void {
    const { tenantId, ...progress } = event;
    this.namespace.local.to(tenantRoom(tenantId)).emit('document.progress', progress);
  }

  private send(socket: ConsoleSocket, messages: PublicMessage[]): void {
    for (const message of messages) socket.emit('message', message);
  }

  private room(conversationId: string) {
    return this.namespace.local.to(conversationRoom(conversationId));
  }
}

import { io, Socket } from 'socket.io-client';
import type { Ack, PublicMessage, WidgetSession } from '@app/conversations';

export interface VisitorOptions {
  baseUrl: string;
  siteKey: string;
  origin: string;
  questions: readonly string[];
  /**
   * Mean pause between a completed reply and the next message, drawn from 0.5× to 1.5× of it; the
   * first message comes after 0 to 1× of it, so visitors do not all ask in the same instant.
   */
  thinkMs: number;
  /** A reply not complete after this long is counted as timed out and the visitor moves on. */
  replyTimeoutMs: number;
}

/** One message sent by a visitor, with what happened to it as the visitor saw it. */
export interface SentMessage {
  conversationId: string;
  text: string;
  sentAt: number;
  /** The stored message the server acknowledged; undefined without an ack. */
  acked?: PublicMessage;
  refusal?: string;
  firstTokenMs?: number;
  replyMs?: number;
  /** How the wait for the reply ended. */
  outcome?: 'bot' | 'cancelled' | 'refused' | 'no_reply' | 'timeout' | 'disconnected';
}

/** What one visitor saw over the whole run, for the bench's accounting. */
export interface VisitorRecord {
  sent: SentMessage[];
  /** Seqs of the bot messages received, by conversation. */
  botDeliveries: Map<string, Set<number>>;
  /** Bot messages received a second time (same conversation and seq). */
  duplicateDeliveries: number;
  conversations: number;
  handoffs: number;
  /** Connections lost while a reply was awaited. */
  disconnects: number;
  connectErrors: string[];
}

interface Waiter {
  message: SentMessage;
  done: () => void;
}

type RefusalData = { code: string; message: string };

/**
 * A widget visitor over a real socket.io connection (WebSocket, as the bundle prefers): sends a
 * question, waits for the bot's reply to complete, thinks, asks the next one. A conversation handed to
 * a human gets no more bot replies, so the visitor then starts a new one, as a new tab would.
 */
export class WidgetVisitor {
  readonly record: VisitorRecord = {
    sent: [],
    botDeliveries: new Map(),
    duplicateDeliveries: 0,
    conversations: 0,
    handoffs: 0,
    disconnects: 0,
    connectErrors: [],
  };
  private socket?: Socket;
  private session?: WidgetSession;
  private withBot = true;
  private waiter?: Waiter;

  constructor(
    private readonly options: VisitorOptions,
    private readonly index: number,
  ) {}

  /** Opens a conversation; false if the server refused it (the reason is in `record.connectErrors`). */
  async connect(): Promise<boolean> {
    await this.openConversation();
    return this.session !== undefined;
  }

  /** Chats until `deadline` (epoch ms); the reply in flight then is still awaited. */
  async run(deadline: number): Promise<void> {
    const { questions, thinkMs } = this.options;
    let turn = 0;
    if (thinkMs > 0) await delay(Math.random() * thinkMs);
    while (Date.now() < deadline) {
      if (!this.socket?.connected || !this.withBot) await this.openConversation();
      if (!this.session) return;
      await this.ask(questions[(this.index * 7 + turn++) % questions.length]);
      if (thinkMs > 0 && Date.now() < deadline) await delay(thinkMs * (0.5 + Math.random()));
    }
  }

  close(): void {
    this.socket?.close();
  }

  private async openConversation(): Promise<void> {
    this.close();
    const { baseUrl, siteKey, origin } = this.options;
    const socket = io(`${baseUrl}/widget`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { siteKey },
      extraHeaders: { origin },
    });
    this.socket = socket;
    this.listen(socket);
    this.session = await firstSession(socket, (reason) => this.record.connectErrors.push(reason));
    if (!this.session) return;
    this.record.conversations += 1;
    this.withBot = this.session.state === 'bot';
  }

  private listen(socket: Socket): void {
    socket.on('reply.token', () => {
      const message = this.waiter?.message;
      if (message && message.firstTokenMs === undefined) message.firstTokenMs = performance.now() - message.sentAt;
    });
    socket.on('message', (message: PublicMessage) => {
      if (message.role !== 'bot') return;
      const seen = this.record.botDeliveries.get(message.conversationId) ?? new Set<number>();
      this.record.botDeliveries.set(message.conversationId, seen);
      if (seen.has(message.seq)) this.record.duplicateDeliveries += 1;
      seen.add(message.seq);
      this.settle('bot');
    });
    socket.on('reply.cancelled', () => this.settle('cancelled'));
    socket.on('state', ({ state }: { state: string }) => {
      if (state !== 'bot' && this.withBot) this.record.handoffs += 1;
      this.withBot = state === 'bot';
      // Away from the bot, a reply in flight is cancelled (that event is then ignored) and a message
      // stored after the change gets none: either way the wait is over.
      if (!this.withBot) this.settle('no_reply');
    });
    socket.on('disconnect', () => {
      if (this.waiter) this.record.disconnects += 1;
      this.settle('disconnected');
    });
  }

  private async ask(text: string): Promise<void> {
    const sent: SentMessage = { conversationId: this.session!.conversationId, text, sentAt: performance.now() };
    this.record.sent.push(sent);
    const reply = new Promise<void>((done) => (this.waiter = { message: sent, done }));
    const timer = setTimeout(() => this.settle('timeout'), this.options.replyTimeoutMs);
    this.socket!.emit('message', { text }, (ack: Ack<{ message: PublicMessage }>) => {
      if (ack.ok) sent.acked = ack.message;
      else sent.refusal = `${ack.error.code}: ${ack.error.message}`;
      // No reply follows a refused message, nor one stored while a human has the conversation.
      if (!ack.ok) this.settle('refused');
      else if (!this.withBot) this.settle('no_reply');
    });
    await reply;
    clearTimeout(timer);
  }

  private settle(outcome: NonNullable<SentMessage['outcome']>): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    waiter.message.outcome = outcome;
    if (outcome === 'bot') waiter.message.replyMs = performance.now() - waiter.message.sentAt;
    waiter.done();
  }
}

/** The `session` event of a new connection, or undefined (with the reason reported) if it was refused. */
function firstSession(socket: Socket, refused: (reason: string) => void): Promise<WidgetSession | undefined> {
  return new Promise((resolve) => {
    const fail = (reason: string) => {
      socket.off('session', succeed);
      socket.off('connect_error', onError);
      socket.off('disconnect', onDisconnect);
      refused(reason);
      resolve(undefined);
    };
    const onError = (error: Error & { data?: RefusalData }) =>
      fail(error.data ? `${error.data.code}: ${error.data.message}` : error.message);
    const onDisconnect = (reason: string) => fail(`disconnected before the session: ${reason}`);
    const succeed = (session: WidgetSession) => {
      socket.off('connect_error', onError);
      socket.off('disconnect', onDisconnect);
      resolve(session);
    };
    socket.once('session', succeed);
    socket.once('connect_error', onError);
    socket.once('disconnect', onDisconnect);
  });
}

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

import type {
  Ack,
  ConversationState,
  PublicMessage,
  SocketError,
  WidgetClientEvents,
  WidgetHandshake,
  WidgetServerEvents,
} from '@app/conversations';
import { io, type Socket } from 'socket.io-client';
import type { WidgetOptions } from './config';

export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'online' }
  /** Lost the connection; socket.io reconnects by itself. */
  | { kind: 'offline' }
  /** The server ended this connection on purpose: socket.io does not reconnect after that. */
  | { kind: 'closed' }
  /** The server refused the handshake (wrong site key, origin not allowed...); no automatic retry. */
  | { kind: 'refused'; error: SocketError };

export interface ResumePoint {
  visitorToken?: string;
  lastSeq: number;
}

/** Visitor "typing" events are sent at most this often. */
const TYPING_INTERVAL_MS = 2_000;

/**
 * The socket to `/widget`. The handshake `auth` is a function, so every reconnect presents the
 * current visitor token and the last seq shown, and the server replays exactly what was missed.
 */
export class WidgetConnection {
  private readonly socket: Socket<WidgetServerEvents, WidgetClientEvents>;
  private lastTypingAt = 0;
  private retriedWithoutToken = false;

  constructor(
    options: WidgetOptions,
    private readonly resumePoint: () => ResumePoint,
    private readonly onStatus: (status: ConnectionStatus) => void,
    /** The server refused our visitor token (expired, or from another deployment): forget it. */
    private readonly onTokenRefused: () => void,
  ) {
    this.socket = io(options.namespaceUrl, {
      path: options.socketPath,
      // WebSocket first: it needs no sticky sessions behind a load balancer; long-polling is the fallback.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      autoConnect: false,
      auth: (send) => send(this.handshake(options.siteKey)),
    });
    this.socket.on('connect', () => {
      this.retriedWithoutToken = false;
      this.onStatus({ kind: 'online' });
    });
    this.socket.on('disconnect', (reason) =>
      this.onStatus({ kind: reason === 'io server disconnect' ? 'closed' : 'offline' }),
    );
    this.socket.on('connect_error', (error) => this.handleConnectError(error));
  }

  on<E extends keyof WidgetServerEvents>(event: E, listener: WidgetServerEvents[E]): void {
    // socket.io's typed `on` cannot relate a generic key to its listener; the interface does.
    (this.socket.on as (event: E, listener: WidgetServerEvents[E]) => void)(event, listener);
  }

  connect(): void {
    this.onStatus({ kind: 'connecting' });
    this.socket.connect();
  }

  /** Reconnects with a fresh handshake (after the resume point changed under the open socket). */
  restart(): void {
    this.socket.disconnect();
    this.connect();
  }

  /** Sent while offline, the message waits in socket.io's buffer and goes out on reconnect. */
  sendMessage(text: string): Promise<Ack<{ message: PublicMessage }>> {
    return new Promise((resolve) => this.socket.emit('message', { text }, resolve));
  }

  requestHuman(): Promise<Ack<{ state: ConversationState }>> {
    return new Promise((resolve) => this.socket.emit('request_human', {}, resolve));
  }

  typing(): void {
    const now = Date.now();
    if (!this.socket.connected || now - this.lastTypingAt < TYPING_INTERVAL_MS) return;
    this.lastTypingAt = now;
    this.socket.emit('typing', {});
  }

  private handshake(siteKey: string): WidgetHandshake {
    const { visitorToken, lastSeq } = this.resumePoint();
    const handshake: WidgetHandshake = { siteKey, lastSeq };
    if (visitorToken) handshake.visitorToken = visitorToken;
    return handshake;
  }

  private handleConnectError(error: Error & { data?: Partial<SocketError> }): void {
    // Transport failures leave the socket active: socket.io keeps retrying with backoff by itself.
    if (this.socket.active) {
      this.onStatus({ kind: 'offline' });
      return;
    }
    // Refused by the server. A stale visitor token is the usual cause: start a new conversation once.
    if (this.resumePoint().visitorToken && !this.retriedWithoutToken) {
      this.retriedWithoutToken = true;
      this.onTokenRefused();
      this.socket.connect();
      return;
    }
    this.onStatus({
      kind: 'refused',
      error: { code: error.data?.code ?? 'ConnectionRefused', message: error.data?.message ?? error.message },
    });
  }
}

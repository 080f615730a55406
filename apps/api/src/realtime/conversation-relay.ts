import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Namespace, Server } from 'socket.io';
import { CORE_CONFIG, CoreConfig, DomainError, ErrorCode } from '@app/core';
import { ConversationEvents } from '@app/conversations';
import { handshakeRefusal } from './socket-errors';
import { RealtimeEvent, toRealtimeEvent } from './realtime-event';

const RELAY_EVENT = 'seed:conversation-event';

export type RealtimeListener = (event: RealtimeEvent) => void;

/**
 * Every conversation event of the cluster, in every api process. Events are published on the
 * in-process bus of the process where they happened; the relay hands them to this process's gateways
 * and, with REDIS_URL, to the other processes through the socket.io Redis adapter (serverSideEmit on
 * the main namespace), whose gateways hand them to their own sockets. So each event reaches each
 * socket once, and each gateway can decide per socket what it still needs (see MessageCursor).
 */
@Injectable()
export class ConversationRelay implements OnModuleDestroy {
  private readonly logger = new Logger('ConversationRelay');
  private readonly listeners = new Set<RealtimeListener>();
  private unsubscribe?: () => void;

  constructor(
    private readonly events: ConversationEvents,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  /** Wires the relay to the socket.io server; each gateway calls it from afterInit, the first one wins. */
  attach(server: Server): void {
    if (this.unsubscribe) return;
    const main: Namespace = server.of('/');
    // The main namespace carries only the relay: a client has nothing to do there.
    main.use((_socket, next) =>
      next(handshakeRefusal(new DomainError(ErrorCode.NotFound, 'use the /widget or /console namespace'), this.logger)),
    );
    main.on(RELAY_EVENT, (event: RealtimeEvent) => this.dispatch(event));
    const crossProcess = Boolean(this.config.REDIS_URL);
    this.unsubscribe = this.events.subscribe((published) => {
      const event = toRealtimeEvent(published);
      this.dispatch(event);
      if (crossProcess) main.serverSideEmit(RELAY_EVENT, event);
    });
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: RealtimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private dispatch(event: RealtimeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`delivering ${event.type} failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }
}

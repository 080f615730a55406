import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import IORedis, { Command } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

export interface SocketIoAdapterOptions {
  /** With Redis, events and room queries reach the sockets of every api process. */
  redisUrl?: string;
  /** Redis channel prefix; processes of one deployment share it, test apps each get their own. */
  keyPrefix: string;
}

/**
 * socket.io on the api's own HTTP server (Fastify's), with the Redis adapter when REDIS_URL is set.
 * CORS allows any origin without credentials: the widget's allowed origins are per tenant, so the
 * /widget handshake checks the Origin header itself; the console authenticates with a token, not a
 * cookie.
 */
export class SocketIoAdapter extends IoAdapter {
  private readonly logger = new Logger('SocketIoAdapter');
  private readonly redisClients: IORedis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly options: SocketIoAdapterOptions,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: '*', credentials: false },
      serveClient: false,
    }) as Server;
    if (this.options.redisUrl) server.adapter(this.redisAdapter(this.options.redisUrl));
    return server;
  }

  /** After the server closed (its adapters unsubscribed), the Redis connections go too. */
  override async dispose(): Promise<void> {
    const clients = this.redisClients.splice(0);
    // QUIT waits for a connection; one that is down (reconnecting) is just dropped.
    await Promise.all(
      clients.map((client) =>
        client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
      ),
    );
  }

  private redisAdapter(url: string) {
    // A short disconnectTimeout: at shutdown a half-open connection is dropped at once, not after 2 s.
    const publisher = new AdapterRedis(url, { disconnectTimeout: 200 });
    const subscriber = new AdapterRedis(url, { disconnectTimeout: 200 });
    for (const client of [publisher, subscriber]) {
      // ioredis reconnects by itself; an unhandled 'error' event would crash the process instead.
      client.on('error', (error: Error) => this.logger.warn(`socket.io redis adapter: ${error.message}`));
      this.redisClients.push(client);
    }
    return createAdapter(publisher, subscriber, { key: `${this.options.keyPrefix}:socket.io` });
  }
}

/**
 * The Redis adapter fires its commands (subscribe, publish) without handling their failure, and an
 * unhandled rejection ends the process: a Redis outage must not take the api down. Failures are
 * marked handled here; callers that await a command still see them, and the connection's own errors
 * are logged by the 'error' listener.
 */
class AdapterRedis extends IORedis {
  override sendCommand(command: Command, stream?: Parameters<IORedis['sendCommand']>[1]): unknown {
    const sent = super.sendCommand(command, stream);
    if (sent instanceof Promise) sent.catch(() => undefined);
    return sent;
  }
}

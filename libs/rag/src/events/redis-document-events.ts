import { Logger, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { DocumentEvent, DocumentEventListener, DocumentEvents } from './document-events';

const CHANNEL = 'seed:document-events';

/** Redis pub/sub: a worker's progress reaches the api process that holds the admin's console socket. */
export class RedisDocumentEvents extends DocumentEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('DocumentEvents');
  private readonly publisher: IORedis;
  private subscriber: IORedis | undefined;
  private readonly listeners = new Set<DocumentEventListener>();

  constructor(private readonly redisUrl: string) {
    super();
    this.publisher = this.connect();
  }

  async publish(event: DocumentEvent): Promise<void> {
    try {
      await this.publisher.publish(CHANNEL, JSON.stringify(event));
    } catch (error) {
      // Progress is advisory: losing one event must never fail an ingestion.
      this.logger.warn(`cannot publish a document event: ${(error as Error).message}`);
    }
  }

  subscribe(listener: DocumentEventListener): () => void {
    this.listeners.add(listener);
    this.ensureSubscribed();
    return () => this.listeners.delete(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
    this.publisher.disconnect();
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    this.subscriber = this.connect();
    void this.subscriber.subscribe(CHANNEL).catch((error: Error) => this.logger.warn(error.message));
    this.subscriber.on('message', (_channel: string, message: string) => {
      const event = JSON.parse(message) as DocumentEvent;
      for (const listener of this.listeners) listener(event);
    });
  }

  private connect(): IORedis {
    const connection = new IORedis(this.redisUrl, { disconnectTimeout: 200 });
    connection.on('error', (error) => this.logger.warn(`redis: ${error.message}`));
    return connection;
  }
}

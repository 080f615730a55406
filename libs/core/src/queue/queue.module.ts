import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { CORE_CONFIG, CoreConfig } from '../config/core-config';
import { Database } from '../database/database.module';
import { createQueueDriver, DEFAULT_QUEUE_PREFIX } from './queue-driver.factory';
import { QUEUE_PROCESSOR_METADATA, QueueProcessorMetadata } from './queue-processor.decorator';
import { JobProcessor, QUEUE_DRIVER, QueueDriver } from './queue.types';

export interface QueueModuleOptions {
  /** Run the `@QueueProcessor` classes in this process: true in worker and embedded, false in api. */
  consume: boolean;
  /** Redis key prefix of every queue (BullMQ only); tests isolate runs with their own. */
  prefix?: string;
}

const QUEUE_MODULE_OPTIONS = Symbol('QUEUE_MODULE_OPTIONS');

/**
 * Starts the processors after every module is initialised, and closes the driver before the database
 * pool: Nest runs all `beforeApplicationShutdown` hooks before any `onApplicationShutdown` (where
 * Database ends its pool), so a running job still has its database while it finishes.
 */
@Injectable()
export class QueueLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Queue');

  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    @Inject(QUEUE_MODULE_OPTIONS) private readonly options: QueueModuleOptions,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly discovery: DiscoveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.consume) return;
    for (const { metadata, processor } of this.findProcessors()) {
      const configured = this.config.QUEUE_CONCURRENCY;
      const wanted = metadata.concurrency ?? configured;
      const concurrency = Math.max(1, Math.floor(typeof wanted === 'function' ? wanted(configured) : wanted));
      await this.driver.consume(metadata.queue, processor, { concurrency, idempotent: metadata.idempotent });
      this.logger.log(`consuming ${metadata.queue} (${this.driver.kind}, concurrency ${concurrency})`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }

  private findProcessors(): { metadata: QueueProcessorMetadata; processor: JobProcessor }[] {
    const found = new Map<string, { metadata: QueueProcessorMetadata; processor: JobProcessor }>();
    for (const wrapper of this.discovery.getProviders()) {
      const metadata = wrapper.metatype
        ? (Reflect.getMetadata(QUEUE_PROCESSOR_METADATA, wrapper.metatype) as QueueProcessorMetadata | undefined)
        : undefined;
      if (!metadata || wrapper.inject) continue;
      const name = wrapper.metatype?.name ?? String(wrapper.token);
      if (!wrapper.isDependencyTreeStatic() || !wrapper.instance) {
        throw new Error(`@QueueProcessor ${name} must be a singleton provider (not request- or transient-scoped)`);
      }
      if (found.has(metadata.queue)) {
        throw new Error(`Queue "${metadata.queue}" has two processors; keep one per queue (${name})`);
      }
      found.set(metadata.queue, { metadata, processor: wrapper.instance as JobProcessor });
    }
    return [...found.values()];
  }
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: QUEUE_MODULE_OPTIONS, useValue: options },
        {
          provide: QUEUE_DRIVER,
          inject: [CORE_CONFIG, { token: Database, optional: true }],
          useFactory: (config: CoreConfig, database?: Database) =>
            createQueueDriver(config, database?.pool, options.prefix ?? DEFAULT_QUEUE_PREFIX),
        },
        QueueLifecycle,
      ],
      exports: [QUEUE_DRIVER],
    };
  }
}

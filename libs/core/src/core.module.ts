import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module';
import { CoreConfigModule } from './config/config.module';
import { CoreConfig, loadCoreConfig } from './config/core-config';
import { DatabaseModule } from './database/database.module';
import { HttpEdgeModule } from './http/http-edge.module';
import { OutboundModule } from './http/outbound.module';
import { LoggingModule } from './logging/logging.module';
import { QueueModule } from './queue';
import { TenancyModule } from './tenancy/tenancy.module';

export interface CoreModuleOptions {
  /** Run queued jobs in this process (worker and embedded); an api-only process only enqueues. */
  consumeJobs: boolean;
  /** Apply pending migrations at boot (guarded by an advisory lock, so safe with many processes). */
  migrate: boolean;
  /** Overrides the environment (tests boot isolated instances). */
  config?: CoreConfig;
  logDestination?: DestinationStream;
  /** Redis key prefix of the queues (BullMQ only); tests give each app its own so apps never share jobs. */
  queuePrefix?: string;
}

/**
 * Config, logs, database, queue, tenancy, tokens, the HTTP edge and the outbound guard: what every Seed
 * process stands on.
 */
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    const config = options.config ?? loadCoreConfig();
    return {
      module: CoreModule,
      imports: [
        CoreConfigModule.forRoot(config),
        LoggingModule.forRoot(config, options.logDestination),
        DatabaseModule.forRoot({ migrate: options.migrate }),
        QueueModule.forRoot({ consume: options.consumeJobs, prefix: options.queuePrefix }),
        TenancyModule,
        AuthModule,
        HttpEdgeModule.forRoot({ prefix: options.queuePrefix }),
        OutboundModule,
      ],
    };
  }
}

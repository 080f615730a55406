import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { CORE_CONFIG, CoreConfig } from '../config/core-config';
import { DatabaseHandle, openDatabase, pingPool } from './create-pool';
import { DatabaseKind } from './database-kind';
import { migrate } from './migrator';

export const DATABASE = Symbol('DATABASE');

/** What the rest of the code sees: a `pg.Pool` and which engine is behind it (for /health only). */
@Injectable()
export class Database implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  get pool(): Pool {
    return this.handle.pool;
  }

  get kind(): DatabaseKind {
    return this.handle.kind;
  }

  /** Runs `work` in one transaction on one client; rolls back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  ping(): Promise<boolean> {
    return pingPool(this.pool);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}

export interface DatabaseModuleOptions {
  /** Apply pending migrations at boot (the embedded start and tests do; production runs `npm run migrate`). */
  migrate?: boolean;
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATABASE,
          inject: [CORE_CONFIG],
          useFactory: async (config: CoreConfig) => {
            const handle = await openDatabase({
              url: config.DATABASE_URL,
              dataDir: config.DATA_DIR,
              poolSize: config.DATABASE_POOL_SIZE,
              connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
            });
            if (options.migrate) await migrate(handle.pool);
            return handle;
          },
        },
        Database,
      ],
      exports: [Database],
    };
  }
}

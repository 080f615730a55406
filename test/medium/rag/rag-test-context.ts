import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { CoreModule, Database, loadCoreConfig, TenantsService } from '@app/core';
import { IngestionWorkerModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { createTestDatabaseUrl } from '../../support/test-database';

export interface RagTestContext {
  app: INestApplicationContext;
  database: Database;
  newTenantId(name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The knowledge services with real repositories on a fresh database. Jobs are not consumed: tests
 * call the processor themselves, so each step is deterministic. The queue is the in-process one
 * (its rows are just inspected), whatever REDIS_URL says.
 */
export async function createRagTestContext(): Promise<RagTestContext> {
  const database = await createTestDatabaseUrl();
  const config = {
    ...loadCoreConfig({ DATABASE_URL: database.url, DATA_DIR: 'memory://' }),
    LOG_LEVEL: 'silent' as const,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({ config, consumeJobs: false, migrate: true }),
      SlmModule.forRoot(),
      IngestionWorkerModule,
    ],
  }).compile();
  const app = await moduleRef.init();
  let tenants = 0;
  return {
    app,
    database: app.get(Database),
    newTenantId: async (name = `tenant-${++tenants}`) =>
      (await app.get(TenantsService).createWithAdminKey(name, 'test')).tenant.id,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

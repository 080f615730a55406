import { Test } from '@nestjs/testing';
import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import { CoreModule, Database, loadCoreConfig, TenantsService } from '@app/core';
import { CollectionsService, DocumentsService, ingestionJobId } from '@app/rag';
import { IngestionProcessor } from '../../libs/rag/src/ingestion/ingestion.processor';
import { createTestDatabaseUrl } from './test-database';

export interface ModuleTestContext {
  app: INestApplicationContext;
  database: Database;
  newTenantId(name?: string): Promise<string>;
  close(): Promise<void>;
}

export interface ModuleTestOptions {
  /** The modules under test, imported beside CoreModule. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** Providers replaced by fixed values (e.g. a module's config token). */
  overrides?: { provide: unknown; useValue: unknown }[];
}

/**
 * Boots `imports` on CoreModule against a fresh, migrated database, without an HTTP server. Jobs are
 * not consumed: tests run the processors themselves, so each step is deterministic.
 */
export async function startModuleContext(options: ModuleTestOptions): Promise<ModuleTestContext> {
  const database = await createTestDatabaseUrl();
  const config = {
    ...loadCoreConfig({ DATABASE_URL: database.url, DATA_DIR: 'memory://' }),
    LOG_LEVEL: 'silent' as const,
    // Test servers listen on 127.0.0.1, which the default outbound policy refuses (see startTestApp).
    OUTBOUND_ALLOW_PRIVATE: true,
  };
  let builder = Test.createTestingModule({
    imports: [CoreModule.forRoot({ config, consumeJobs: false, migrate: true }), ...options.imports],
  });
  for (const { provide, useValue } of options.overrides ?? []) {
    builder = builder.overrideProvider(provide).useValue(useValue);
  }
  const app = await (await builder.compile()).init();
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

export interface TextPage {
  title: string;
  text: string;
}

/**
 * Creates a collection named `name` holding `pages`, each ingested here by calling the ingestion
 * processor (needs IngestionWorkerModule among the imports).
 */
export async function newIngestedCollection(
  app: INestApplicationContext,
  tenantId: string,
  name: string,
  pages: TextPage[],
): Promise<string> {
  const collectionId = (await app.get(CollectionsService).create(tenantId, name)).id;
  for (const page of pages) {
    const source = {
      title: page.title,
      sourceKind: 'text' as const,
      sourceKey: `text:${page.title}`,
      mediaType: 'text/markdown',
      bytes: Buffer.from(page.text),
    };
    const [{ document }] = await app.get(DocumentsService).upload(tenantId, collectionId, [source]);
    const data = { tenantId, documentId: document.id, contentHash: document.contentHash };
    await app
      .get(IngestionProcessor)
      .handle({ id: ingestionJobId(data), queue: 'ingestion', name: 'ingest', data, attemptsMade: 0 });
  }
  return collectionId;
}

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { CoreModule, Database, loadCoreConfig, TenantsService } from '@app/core';
import { SlmModule } from '@app/slm';
import { CollectionsService } from '../collections/collections.service';
import { DocumentRecord, DocumentSource } from '../documents/document.types';
import { DocumentsRepository } from '../documents/documents.repository';
import { DocumentsService } from '../documents/documents.service';
import { IngestionWorkerModule } from '../ingestion/ingestion-worker.module';
import { RetrievalService } from '../retrieval/retrieval.service';

export interface KnowledgeRuntime {
  app: INestApplicationContext;
  /** `postgres` or `pglite`: every figure says which database produced it. */
  databaseKind: string;
  tenantId: string;
  collectionId: string;
  retrieval: RetrievalService;
  /** Uploads the sources through the real service and waits until the worker settled each one. */
  ingest(sources: DocumentSource[], onProgress?: (done: number, total: number) => void): Promise<DocumentRecord[]>;
  close(): Promise<void>;
}

const UPLOAD_BATCH = 100;
const POLL_MS = 50;

/**
 * The knowledge stack in this process (core, models, ingestion worker) for CLIs and benchmarks: on
 * DATABASE_URL if set, else a fresh in-memory PGlite; always the in-process queue, so a run never
 * touches a shared Redis. A new tenant and collection keep each run apart from existing data.
 */
export async function openKnowledgeRuntime(collectionName: string): Promise<KnowledgeRuntime> {
  const config = {
    ...loadCoreConfig({ ...process.env, DATA_DIR: 'memory://', REDIS_URL: undefined }),
    LOG_LEVEL: 'error' as const,
  };

  @Module({
    imports: [
      CoreModule.forRoot({ config, consumeJobs: true, migrate: true }),
      SlmModule.forRoot(),
      IngestionWorkerModule,
    ],
  })
  class KnowledgeRuntimeModule {}

  const app = await NestFactory.createApplicationContext(KnowledgeRuntimeModule, { logger: ['error'] });
  await app.init();
  const { tenant } = await app.get(TenantsService).createWithAdminKey(`${collectionName}-${Date.now()}`, 'cli');
  const collection = await app.get(CollectionsService).create(tenant.id, collectionName);
  const documents = app.get(DocumentsService);
  const repository = app.get(DocumentsRepository);
  return {
    app,
    databaseKind: app.get(Database).kind,
    tenantId: tenant.id,
    collectionId: collection.id,
    retrieval: app.get(RetrievalService),
    async ingest(sources, onProgress) {
      const stored: DocumentRecord[] = [];
      for (let i = 0; i < sources.length; i += UPLOAD_BATCH) {
        const batch = await documents.upload(tenant.id, collection.id, sources.slice(i, i + UPLOAD_BATCH));
        stored.push(...batch.map((entry) => entry.document));
      }
      for (;;) {
        const counts = await repository.countByStatus(tenant.id, collection.id);
        const settled = (counts.ready ?? 0) + (counts.failed ?? 0);
        onProgress?.(settled, stored.length);
        if (settled >= stored.length) break;
        await new Promise((done) => setTimeout(done, POLL_MS));
      }
      return stored;
    },
    close: () => app.close(),
  };
}

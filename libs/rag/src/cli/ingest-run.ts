import { readFile } from 'node:fs/promises';
import { Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, DomainError, loadCoreConfig } from '@app/core';
import { SlmModule } from '@app/slm';
import { RAG_CONFIG, RagConfig } from '../config/rag-config';
import { DocumentsRepository } from '../documents/documents.repository';
import { DocumentsService } from '../documents/documents.service';
import { DocumentEvents } from '../events/document-events';
import { IngestionWorkerModule } from '../ingestion/ingestion-worker.module';
import { formatMegabytes } from '../parsing/parsed-document.types';
import { CrawlRequest } from '../sources/crawl-options';
import { UrlSource } from '../sources/url-source.types';
import { UrlSourcesService } from '../sources/url-sources.service';
import { CollectionOwnerRepository } from './collection-owner.repository';
import { IngestFile } from './ingest-files';
import { IngestTracker } from './ingest-tracker';

const SETTLE_CHECK_MS = 100;
const DATABASE_POLL_MS = 1_000;

/**
 * The knowledge stack of the configured database (DATABASE_URL, or the embedded PGlite under DATA_DIR)
 * with its own ingestion worker, so a bulk load needs nothing else running. Logs go to stderr; the
 * re-sync sweep stays off (that is the running worker's job, not a short-lived command's).
 */
export async function openIngestContext(): Promise<INestApplicationContext> {
  process.env.URL_SOURCES_SWEEP_MS = '0';
  const loaded = loadCoreConfig();
  const config = { ...loaded, LOG_LEVEL: process.env.LOG_LEVEL ? loaded.LOG_LEVEL : ('error' as const) };

  @Module({
    imports: [
      CoreModule.forRoot({ config, consumeJobs: true, migrate: true, logDestination: process.stderr }),
      SlmModule.forRoot(),
      IngestionWorkerModule,
    ],
    providers: [CollectionOwnerRepository],
  })
  class IngestCliModule {}

  return NestFactory.createApplicationContext(IngestCliModule, { logger: false, abortOnError: false });
}

/** One `npm run ingest`: loads through the same services as the REST API and follows each document to its end. */
export class IngestRun {
  private readonly documents: DocumentsService;
  private readonly repository: DocumentsRepository;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly tenantId: string,
    private readonly collectionId: string,
    readonly tracker: IngestTracker,
  ) {
    this.documents = app.get(DocumentsService);
    this.repository = app.get(DocumentsRepository);
    // Subscribed before the first upload, so no state change is missed; the database poll backs it up.
    this.unsubscribe = app.get(DocumentEvents).subscribe((event) => {
      if (event.tenantId === tenantId) tracker.update(event.documentId, event.status, event.chunkCount, event.error);
    });
  }

  /** Each file through `DocumentsService.upload`, as a REST upload would go; refusals count as failures. */
  async uploadFiles(files: IngestFile[]): Promise<void> {
    const { UPLOAD_MAX_BYTES } = this.app.get<RagConfig>(RAG_CONFIG);
    for (const file of files) {
      if (file.size > UPLOAD_MAX_BYTES) {
        this.tracker.refuse(file.name, `larger than the ${formatMegabytes(UPLOAD_MAX_BYTES)} limit`);
        continue;
      }
      try {
        const source = { title: '', sourceKind: 'file' as const, sourceKey: `file:${file.name}`, filename: file.name };
        const [stored] = await this.documents.upload(this.tenantId, this.collectionId, [
          { ...source, bytes: await readFile(file.path) },
        ]);
        this.tracker.track(stored.document, file.name);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.tracker.refuse(file.name, error.message);
      }
    }
  }

  /** Creates (or updates) the URL source, waits for its sync, then follows the documents it changed. */
  async crawl(url: string, crawl: CrawlRequest): Promise<UrlSource> {
    const sources = this.app.get(UrlSourcesService);
    const created = await sources.create(this.tenantId, this.collectionId, url, crawl);
    process.stderr.write(`crawling ${created.url} (source ${created.id})\n`);
    const previous = created.lastSyncedAt?.getTime() ?? null;
    let source = created;
    while (!['ready', 'failed'].includes(source.status) || (source.lastSyncedAt?.getTime() ?? null) === previous) {
      await sleep(SETTLE_CHECK_MS);
      source = await sources.get(this.tenantId, created.id);
    }
    const ids = source.lastSync?.changedDocumentIds ?? [];
    this.tracker.expect(ids.length);
    for (const id of ids) {
      const document = await this.repository.findById(this.tenantId, id);
      if (document) this.tracker.track(document, document.sourceUrl ?? id);
    }
    return source;
  }

  /** Until every tracked document is ready or failed: events settle them at once, a slow poll catches the rest. */
  async waitForDocuments(): Promise<void> {
    let polledAt = Date.now();
    try {
      while (this.tracker.pendingIds().length > 0) {
        await sleep(SETTLE_CHECK_MS);
        if (Date.now() - polledAt < DATABASE_POLL_MS) continue;
        polledAt = Date.now();
        for (const id of this.tracker.pendingIds()) {
          const document = await this.repository.findById(this.tenantId, id);
          if (!document) this.tracker.abandon(id, 'deleted while it was being ingested');
          else this.tracker.update(id, document.status, document.chunkCount, document.error);
        }
      }
    } finally {
      this.unsubscribe();
    }
  }

  static async collectionOwner(app: INestApplicationContext, collectionId: string): Promise<string | null> {
    return app.get(CollectionOwnerRepository).findTenantId(collectionId);
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

import { Inject, Logger } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig, Database, JobProcessor, QueueJob, QueueProcessor } from '@app/core';
import { CollectionsRepository } from '../collections/collections.repository';
import { DocumentRecord, IngestionJobData } from '../documents/document.types';
import { DocumentsRepository } from '../documents/documents.repository';
import { DocumentEvents } from '../events/document-events';
import { isDocumentError } from '../parsing/document.exceptions';
import { ChunksRepository } from '../retrieval/chunks.repository';
import { CollectionEmbedders } from './collection-embedders';
import { IngestionPipeline, PreparedDocument } from './ingestion-pipeline';
import { INGESTION_QUEUE } from './ingestion.producer';

/** The document changed or disappeared while this job ran: its result must not be written. */
class StaleJob extends Error {}

/**
 * Turns a queued document version into searchable chunks. The chunks and the `ready` state are
 * written in one transaction, conditional on the content hash, so search never sees half a document
 * and a job for outdated content writes nothing. A file that cannot be parsed fails at once with its
 * reason (retrying cannot help); other errors are retried, and the last try marks the document failed.
 */
@QueueProcessor(INGESTION_QUEUE)
export class IngestionProcessor implements JobProcessor<IngestionJobData> {
  private readonly logger = new Logger('Ingestion');

  constructor(
    private readonly database: Database,
    private readonly documents: DocumentsRepository,
    private readonly collections: CollectionsRepository,
    private readonly chunks: ChunksRepository,
    private readonly pipeline: IngestionPipeline,
    private readonly embedders: CollectionEmbedders,
    private readonly events: DocumentEvents,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  async handle(job: QueueJob<IngestionJobData>): Promise<void> {
    const { tenantId, documentId, contentHash } = job.data;
    const document = await this.documents.findById(tenantId, documentId);
    if (!document || document.contentHash !== contentHash || document.status === 'ready') return;
    try {
      await this.ingest(document);
    } catch (error) {
      if (error instanceof StaleJob) return;
      if (isDocumentError(error)) return this.fail(document, error.reason);
      const lastTry = job.attemptsMade + 1 >= this.config.QUEUE_ATTEMPTS;
      if (lastTry) await this.fail(document, `ingestion failed: ${(error as Error).message}`);
      throw error;
    }
  }

  private async ingest(document: DocumentRecord): Promise<void> {
    await this.progress(document, 'processing', 1);
    const bytes = await this.documents.findFileBytes(document.tenantId, document.id);
    const collection = await this.collections.findById(document.tenantId, document.collectionId);
    if (!bytes || !collection) throw new StaleJob();
    const space = { embedder: collection.embedder, dimensions: collection.dimensions };
    const embedder = this.embedders.forSpec(space.embedder);
    let shown = 1;
    const prepared = await this.pipeline.prepare(document, bytes, embedder, async (progress) => {
      if (progress <= shown) return;
      shown = progress;
      await this.progress(document, 'processing', progress);
    });
    await this.chunks.ensureVectorIndex(space.dimensions);
    await this.store(document, space, prepared);
    this.logger.log(`document ${document.id}: ${prepared.chunks.length} chunks ready`);
    await this.events.publish({
      ...eventOf(document),
      status: 'ready',
      progress: 100,
      chunkCount: prepared.chunks.length,
    });
  }

  /** One transaction: the chunks appear together with `ready`, or not at all. */
  private async store(
    document: DocumentRecord,
    space: { embedder: string; dimensions: number },
    prepared: PreparedDocument,
  ): Promise<void> {
    const { tenantId, id, contentHash, collectionId } = document;
    await this.database.transaction(async (client) => {
      const current = await this.documents.markReady(
        client,
        tenantId,
        id,
        contentHash,
        prepared.chunks.length,
        prepared.title,
      );
      if (!current) throw new StaleJob();
      await this.chunks.replaceForDocument(client, { tenantId, collectionId, documentId: id }, space, prepared.chunks);
    });
  }

  private async progress(document: DocumentRecord, status: 'processing', progress: number): Promise<void> {
    const updated = await this.documents.updateState(document.tenantId, document.id, document.contentHash, {
      status,
      progress,
    });
    if (!updated) throw new StaleJob();
    await this.events.publish({ ...eventOf(document), status, progress });
  }

  private async fail(document: DocumentRecord, reason: string): Promise<void> {
    this.logger.warn(`document ${document.id} failed: ${reason}`);
    const { tenantId, id, contentHash } = document;
    if (!(await this.documents.updateState(tenantId, id, contentHash, { status: 'failed', error: reason }))) return;
    await this.events.publish({ ...eventOf(document), status: 'failed', progress: document.progress, error: reason });
  }
}

function eventOf(document: DocumentRecord) {
  return { tenantId: document.tenantId, collectionId: document.collectionId, documentId: document.id };
}

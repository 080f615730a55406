import { Inject, Logger } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig, JobProcessor, QueueJob, QueueProcessor } from '@app/core';
import { DocumentRecord, IngestionJobData } from '../documents/document.types';
import { DocumentsRepository, IngestionStart } from '../documents/documents.repository';
import { DocumentEvents } from '../events/document-events';
import { isDocumentError } from '../parsing/document.exceptions';
import { ChunksRepository } from '../retrieval/chunks.repository';
import { CollectionEmbedders } from './collection-embedders';
import { IngestionPipeline } from './ingestion-pipeline';
import { ProgressSink, ProgressThrottle } from './ingestion-progress';
import { INGESTION_QUEUE } from './ingestion.producer';
import { ReadyDocumentWriter } from './ready-document-writer';

/** Where a job's progress starts, written as it begins. */
const STARTED_PROGRESS = 1;

/** The document changed or disappeared while this job ran: its result must not be written. */
class StaleJob extends Error {}

/**
 * Turns a queued document version into searchable chunks. The chunks and the `ready` state are
 * written in one statement (ReadyDocumentWriter), conditional on the content hash, so search never
 * sees half a document and a job for outdated content writes nothing. A file that cannot be parsed fails at once with its
 * reason (retrying cannot help); other errors are retried, and the last try marks the document failed.
 * Progress in between is throttled (see ProgressThrottle): the store, not the bookkeeping, is the cost.
 *
 * Twice QUEUE_CONCURRENCY jobs at once: a job alternates between the embedder, which runs one inference
 * at a time (onnxruntime spreads it over the cores), and PostgreSQL; with twice as many jobs a document
 * is still queued at the model while others write, and the HNSW inserts of several documents run side
 * by side (`npm run bench:ingest` on 2 cores: 4 jobs beat 2 on both rows). Idempotent: a rerun finds
 * the document ready (or its content changed) and does nothing, so the queue may record completions
 * without waiting for the WAL flush.
 */
@QueueProcessor(INGESTION_QUEUE, { concurrency: (configured) => 2 * configured, idempotent: true })
export class IngestionProcessor implements JobProcessor<IngestionJobData> {
  private readonly logger = new Logger('Ingestion');

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly chunks: ChunksRepository,
    private readonly pipeline: IngestionPipeline,
    private readonly writer: ReadyDocumentWriter,
    private readonly embedders: CollectionEmbedders,
    private readonly events: DocumentEvents,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  async handle(job: QueueJob<IngestionJobData>): Promise<void> {
    const { tenantId, documentId, contentHash } = job.data;
    const start = await this.documents.startIngestion(tenantId, documentId, contentHash, STARTED_PROGRESS);
    if (!start) return;
    const { document } = start;
    try {
      await this.ingest(start);
    } catch (error) {
      if (error instanceof StaleJob) return;
      if (isDocumentError(error)) return this.fail(document, error.reason);
      const lastTry = job.attemptsMade + 1 >= this.config.QUEUE_ATTEMPTS;
      if (lastTry) await this.fail(document, `ingestion failed: ${(error as Error).message}`);
      throw error;
    }
  }

  private async ingest({ document, bytes, embedder: spec, dimensions }: IngestionStart): Promise<void> {
    const progress = new ProgressThrottle(this.progressSink(document));
    await progress.started(STARTED_PROGRESS);
    const space = { embedder: spec, dimensions };
    const embedder = this.embedders.forSpec(space.embedder);
    const prepared = await this.pipeline.prepare(document, bytes, embedder, (value) => progress.report(value));
    await this.chunks.ensureVectorIndex(space.dimensions);
    // One statement, its own transaction: the chunks appear together with `ready`, or not at all.
    if ((await this.writer.write(document, space, prepared.title, prepared.chunks)) === 'stale') throw new StaleJob();
    this.logger.log(`document ${document.id}: ${prepared.chunks.length} chunks ready`);
    await this.events.publish({
      ...eventOf(document),
      status: 'ready',
      progress: 100,
      chunkCount: prepared.chunks.length,
    });
  }

  private progressSink(document: DocumentRecord): ProgressSink {
    return {
      write: async (progress) => {
        const { tenantId, id, contentHash } = document;
        if (!(await this.documents.updateProgress(tenantId, id, contentHash, progress))) throw new StaleJob();
      },
      publish: (progress) => this.events.publish({ ...eventOf(document), status: 'processing', progress }),
    };
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

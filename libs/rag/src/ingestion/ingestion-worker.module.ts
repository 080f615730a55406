import { Module } from '@nestjs/common';
import { RagModule } from '../rag.module';
import { ReembeddingProcessor } from '../reembedding/reembedding.processor';
import { ReembeddingReconciler } from '../reembedding/reembedding.reconciler';
import { UrlSourceSyncProcessor } from '../sources/url-source-sync.processor';
import { UrlSourcesSweeper } from '../sources/url-sources.sweeper';
import { IngestionPipeline } from './ingestion-pipeline';
import { IngestionProcessor } from './ingestion.processor';
import { IngestionReconciler } from './ingestion.reconciler';
import { ReadyDocumentWriter } from './ready-document-writer';

/**
 * The ingestion side of knowledge, for processes that run jobs (the worker, the embedded start):
 * document ingestion, URL source syncs, the sweep that schedules re-syncs, and re-embedding.
 */
@Module({
  imports: [RagModule],
  providers: [
    IngestionPipeline,
    IngestionProcessor,
    IngestionReconciler,
    ReadyDocumentWriter,
    UrlSourceSyncProcessor,
    UrlSourcesSweeper,
    ReembeddingProcessor,
    ReembeddingReconciler,
  ],
  exports: [IngestionPipeline],
})
export class IngestionWorkerModule {}

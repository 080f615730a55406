import { Module } from '@nestjs/common';
import { RagModule } from '../rag.module';
import { UrlSourceSyncProcessor } from '../sources/url-source-sync.processor';
import { UrlSourcesSweeper } from '../sources/url-sources.sweeper';
import { IngestionPipeline } from './ingestion-pipeline';
import { IngestionProcessor } from './ingestion.processor';
import { IngestionReconciler } from './ingestion.reconciler';

/**
 * The ingestion side of knowledge, for processes that run jobs (the worker, the embedded start):
 * document ingestion, URL source syncs and the sweep that schedules re-syncs.
 */
@Module({
  imports: [RagModule],
  providers: [IngestionPipeline, IngestionProcessor, IngestionReconciler, UrlSourceSyncProcessor, UrlSourcesSweeper],
  exports: [IngestionPipeline],
})
export class IngestionWorkerModule {}

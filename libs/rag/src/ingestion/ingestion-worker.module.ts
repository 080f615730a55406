import { Module } from '@nestjs/common';
import { RagModule } from '../rag.module';
import { IngestionPipeline } from './ingestion-pipeline';
import { IngestionProcessor } from './ingestion.processor';
import { IngestionReconciler } from './ingestion.reconciler';

/** The ingestion side of knowledge, for processes that run jobs (the worker, the embedded start). */
@Module({
  imports: [RagModule],
  providers: [IngestionPipeline, IngestionProcessor, IngestionReconciler],
  exports: [IngestionPipeline],
})
export class IngestionWorkerModule {}

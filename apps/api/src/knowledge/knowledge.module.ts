import { Module } from '@nestjs/common';
import { RagModule } from '@app/rag';
import { CollectionsController } from './collections.controller';
import { DocumentsController } from './documents.controller';
import { RetrievalController } from './retrieval.controller';
import { UrlSourcesController } from './url-sources.controller';

@Module({
  imports: [RagModule],
  controllers: [CollectionsController, DocumentsController, RetrievalController, UrlSourcesController],
})
export class KnowledgeModule {}

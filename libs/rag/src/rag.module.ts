import { Module, Provider } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '@app/core';
import { CollectionsRepository } from './collections/collections.repository';
import { CollectionsService } from './collections/collections.service';
import { loadRagConfig, RAG_CONFIG } from './config/rag-config';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { DocumentEvents, InProcessDocumentEvents } from './events/document-events';
import { RedisDocumentEvents } from './events/redis-document-events';
import { CollectionEmbedders } from './ingestion/collection-embedders';
import { IngestionProducer } from './ingestion/ingestion.producer';
import { CollectionVectorsRepository } from './reembedding/collection-vectors.repository';
import { ReembeddingProducer } from './reembedding/reembedding.producer';
import { ReembeddingService } from './reembedding/reembedding.service';
import { ChunksRepository } from './retrieval/chunks.repository';
import { RetrievalService } from './retrieval/retrieval.service';
import { loadUrlSourcesConfig, URL_SOURCES_CONFIG } from './sources/url-sources.config';
import { UrlSourcesProducer } from './sources/url-sources.producer';
import { UrlSourcesRepository } from './sources/url-sources.repository';
import { UrlSourcesService } from './sources/url-sources.service';

const documentEventsProvider: Provider = {
  provide: DocumentEvents,
  inject: [CORE_CONFIG],
  useFactory: (config: CoreConfig) =>
    config.REDIS_URL ? new RedisDocumentEvents(config.REDIS_URL) : new InProcessDocumentEvents(),
};

/**
 * Knowledge: collections, documents, ingestion queueing and hybrid retrieval. Needs the core modules
 * and `SlmModule.forRoot()` (for the embedder) in the root module. The ingestion processor lives in
 * `IngestionWorkerModule`, which only processes that consume jobs import.
 */
@Module({
  providers: [
    { provide: RAG_CONFIG, useFactory: () => loadRagConfig() },
    documentEventsProvider,
    CollectionsRepository,
    DocumentsRepository,
    ChunksRepository,
    CollectionEmbedders,
    CollectionsService,
    DocumentsService,
    IngestionProducer,
    CollectionVectorsRepository,
    ReembeddingProducer,
    ReembeddingService,
    RetrievalService,
    { provide: URL_SOURCES_CONFIG, useFactory: () => loadUrlSourcesConfig() },
    UrlSourcesRepository,
    UrlSourcesProducer,
    UrlSourcesService,
  ],
  exports: [
    RAG_CONFIG,
    DocumentEvents,
    CollectionsService,
    DocumentsService,
    RetrievalService,
    IngestionProducer,
    CollectionVectorsRepository,
    ReembeddingProducer,
    ReembeddingService,
    CollectionsRepository,
    DocumentsRepository,
    ChunksRepository,
    CollectionEmbedders,
    URL_SOURCES_CONFIG,
    UrlSourcesRepository,
    UrlSourcesProducer,
    UrlSourcesService,
  ],
})
export class RagModule {}

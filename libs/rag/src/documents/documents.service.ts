import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Database, DomainError, ErrorCode, NotFoundError } from '@app/core';
import { CollectionsService } from '../collections/collections.service';
import { RAG_CONFIG, RagConfig } from '../config/rag-config';
import { IngestionProducer } from '../ingestion/ingestion.producer';
import { DocumentParseError, UnsupportedDocumentType } from '../parsing/document.exceptions';
import { detectDocumentType } from '../parsing/detect-document-type';
import { formatMegabytes } from '../parsing/parsed-document.types';
import { DocumentListQuery, DocumentPage, DocumentRecord, DocumentSource } from './document.types';
import { DocumentsRepository } from './documents.repository';

export interface UploadedDocument {
  document: DocumentRecord;
  /** False when the same content was stored already: nothing was queued. */
  changed: boolean;
}

@Injectable()
export class DocumentsService {
  constructor(
    private readonly database: Database,
    private readonly documents: DocumentsRepository,
    private readonly collections: CollectionsService,
    private readonly producer: IngestionProducer,
    @Inject(RAG_CONFIG) private readonly config: RagConfig,
  ) {}

  /**
   * Stores each source with its bytes in one transaction, then queues its ingestion. Sources are checked
   * first (size, type by content), so one bad file refuses the whole request before anything is stored.
   */
  async upload(tenantId: string, collectionId: string, sources: DocumentSource[]): Promise<UploadedDocument[]> {
    await this.collections.get(tenantId, collectionId);
    sources.forEach((source) => this.checkAcceptable(source));
    const stored = await this.database.transaction(async (client) => {
      const keys = new Set(sources.map((source) => source.sourceKey));
      if (keys.size === sources.length) {
        const hashed = sources.map((source) => ({ source, contentHash: contentHashOf(source) }));
        return this.documents.upsertManyWithFiles(client, tenantId, collectionId, hashed);
      }
      // The same source twice in one request: one after the other, so the later one updates the earlier.
      const results: UploadedDocument[] = [];
      for (const source of sources) {
        results.push(
          await this.documents.upsertWithFile(client, tenantId, collectionId, source, contentHashOf(source)),
        );
      }
      return results;
    });
    const versions = stored.filter(({ changed }) => changed).map(({ document }) => document);
    await this.producer.enqueueMany(
      versions.map((document) => ({ tenantId, documentId: document.id, contentHash: document.contentHash })),
    );
    return stored;
  }

  async get(tenantId: string, collectionId: string, id: string): Promise<DocumentRecord> {
    const document = await this.documents.findById(tenantId, id);
    if (!document || document.collectionId !== collectionId) throw new NotFoundError('document', id);
    return document;
  }

  async list(tenantId: string, collectionId: string, query: DocumentListQuery): Promise<DocumentPage> {
    await this.collections.get(tenantId, collectionId);
    return this.documents.list(tenantId, collectionId, query);
  }

  /** Real erasure: the row, its original file, its chunks and its vectors. */
  async delete(tenantId: string, collectionId: string, id: string): Promise<void> {
    await this.get(tenantId, collectionId, id);
    await this.documents.delete(tenantId, id);
  }

  /** Too big: 413. Not a format Seed reads (by content): 415. Damaged files are left to the worker to report. */
  private checkAcceptable(source: DocumentSource): void {
    if (source.bytes.byteLength > this.config.UPLOAD_MAX_BYTES) {
      throw new DomainError(
        ErrorCode.PayloadTooLarge,
        `${source.filename ?? source.title} is larger than the ${formatMegabytes(this.config.UPLOAD_MAX_BYTES)} limit`,
      );
    }
    try {
      detectDocumentType(source.bytes, source.filename, source.mediaType);
    } catch (error) {
      if (error instanceof UnsupportedDocumentType) {
        throw new DomainError(ErrorCode.UnsupportedMediaType, `${source.filename ?? source.title}: ${error.reason}`);
      }
      if (!(error instanceof DocumentParseError)) throw error;
    }
  }
}

/** The identity of a version: the bytes, plus the title for text sources (a retitled text is a new version). */
function contentHashOf(source: DocumentSource): string {
  return createHash('sha256').update(source.bytes).update('\0').update(source.title).digest('hex');
}

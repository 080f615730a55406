export const DOCUMENT_STATUSES = ['queued', 'processing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export type DocumentSourceKind = 'file' | 'text' | 'url';

export interface DocumentRecord {
  id: string;
  tenantId: string;
  collectionId: string;
  title: string;
  sourceKind: DocumentSourceKind;
  /** Identity of the source in its collection: uploading the same key again updates this document. */
  sourceKey: string;
  sourceUrl: string | null;
  filename: string | null;
  mediaType: string | null;
  byteSize: number;
  contentHash: string;
  status: DocumentStatus;
  progress: number;
  chunkCount: number;
  error: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** A document to store: its identity, what it is, and its original bytes. */
export interface DocumentSource {
  title: string;
  sourceKind: DocumentSourceKind;
  sourceKey: string;
  sourceUrl?: string;
  filename?: string;
  mediaType?: string;
  bytes: Buffer;
  metadata?: Record<string, unknown>;
}

export interface DocumentListQuery {
  status?: DocumentStatus;
  limit: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
}

export interface DocumentPage {
  data: DocumentRecord[];
  nextCursor: string | null;
}

/** What one ingestion job works on: a document at one version of its content. */
export interface IngestionJobData {
  tenantId: string;
  documentId: string;
  contentHash: string;
}

import type { FusedHit } from './hybrid-fusion';

export type RetrievalMode = 'hybrid' | 'vector' | 'fulltext';

export interface RetrievalFilters {
  /** Only documents whose metadata contains this object (JSON containment). */
  metadata?: Record<string, unknown>;
  documentIds?: string[];
}

export interface RetrievalRequest {
  tenantId: string;
  collectionIds: string[];
  query: string;
  k: number;
  filters?: RetrievalFilters;
  /** `hybrid` unless comparing its halves (evaluation, debugging). */
  mode?: RetrievalMode;
}

/** A passage with what a citation needs: title, heading path, source URL and character offsets. */
export type RetrievedChunk = FusedHit;

import { EventEmitter } from 'node:events';
import { DocumentStatus } from '../documents/document.types';

/** A document's ingestion moved: state change or progress. The console shows these live. */
export interface DocumentEvent {
  tenantId: string;
  collectionId: string;
  documentId: string;
  status: DocumentStatus;
  progress: number;
  chunkCount?: number;
  error?: string | null;
}

export type DocumentEventListener = (event: DocumentEvent) => void;

/**
 * Where ingestion progress goes. The in-process publisher serves the embedded mode (api and worker in
 * one process); with Redis, `RedisDocumentEvents` fans events out from workers to every api process.
 */
export abstract class DocumentEvents {
  abstract publish(event: DocumentEvent): Promise<void>;
  /** Returns the function that unsubscribes. */
  abstract subscribe(listener: DocumentEventListener): () => void;
}

export class InProcessDocumentEvents extends DocumentEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(event: DocumentEvent): Promise<void> {
    this.emitter.emit('document', event);
  }

  subscribe(listener: DocumentEventListener): () => void {
    this.emitter.on('document', listener);
    return () => this.emitter.off('document', listener);
  }
}

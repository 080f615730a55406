import { Inject, Injectable } from '@nestjs/common';
import type { Embedder } from '@app/slm';
import { chunkDocument } from '../chunking/chunk-document';
import { DocumentChunk } from '../chunking/document-chunk.types';
import { RAG_CONFIG, RagConfig } from '../config/rag-config';
import { DocumentRecord } from '../documents/document.types';
import { DocumentParseError } from '../parsing/document.exceptions';
import { parseDocument } from '../parsing/parse-document';
import { NewChunk } from '../retrieval/chunks.repository';

export interface PreparedDocument {
  title: string;
  chunks: NewChunk[];
}

/** Share of the progress bar each stage ends at; embedding is the long one. */
const PARSED_PROGRESS = 10;
const EMBEDDED_PROGRESS = 95;

/** parse → clean → chunk → embed in batches. Pure work on bytes: no database, no queue. */
@Injectable()
export class IngestionPipeline {
  constructor(@Inject(RAG_CONFIG) private readonly config: RagConfig) {}

  async prepare(
    document: Pick<DocumentRecord, 'title' | 'filename' | 'mediaType'>,
    bytes: Uint8Array,
    embedder: Embedder,
    onProgress: (progress: number) => Promise<void>,
  ): Promise<PreparedDocument> {
    const parsed = await parseDocument(bytes, {
      filename: document.filename ?? undefined,
      mimeType: document.mediaType ?? undefined,
      limits: { maxFileBytes: this.config.UPLOAD_MAX_BYTES },
    });
    const title = document.title || parsed.title || document.filename || '';
    const chunks = await chunkDocument(
      { ...parsed, title: parsed.title ?? (title || undefined) },
      { size: this.config.CHUNK_SIZE, overlap: this.config.CHUNK_OVERLAP },
    );
    if (chunks.length === 0) throw new DocumentParseError('the document contains no text to index');
    await onProgress(PARSED_PROGRESS);
    const embeddings = await this.embedInBatches(chunks, embedder, onProgress);
    return { title, chunks: chunks.map((chunk, i) => toNewChunk(chunk, embeddings[i])) };
  }

  private async embedInBatches(
    chunks: DocumentChunk[],
    embedder: Embedder,
    onProgress: (progress: number) => Promise<void>,
  ): Promise<number[][]> {
    const batchSize = this.config.EMBED_BATCH_SIZE;
    const embeddings: number[][] = [];
    for (let start = 0; start < chunks.length; start += batchSize) {
      const batch = chunks.slice(start, start + batchSize);
      embeddings.push(...(await embedder.embed(batch.map((chunk) => chunk.searchText))));
      const done = embeddings.length / chunks.length;
      await onProgress(Math.floor(PARSED_PROGRESS + (EMBEDDED_PROGRESS - PARSED_PROGRESS) * done));
    }
    return embeddings;
  }
}

function toNewChunk(chunk: DocumentChunk, embedding: number[]): NewChunk {
  return {
    ordinal: chunk.index,
    text: chunk.text,
    searchText: chunk.searchText,
    headingPath: chunk.headingPath,
    start: chunk.start,
    end: chunk.end,
    embedding,
  };
}

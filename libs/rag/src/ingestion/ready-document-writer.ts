import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';
import { DocumentRecord } from '../documents/document.types';
import { EmbeddingSpace, NewChunk, vectorLiteral } from '../retrieval/chunks.repository';
import { checkedDimensions } from '../retrieval/indexed-vectors';

/** What writing a document's chunks came to: written with `ready`, or nothing because the job is outdated. */
export type ReadyWrite = 'written' | 'stale';

/**
 * The end of an ingestion job: the document becomes `ready` with its chunks and vectors, replacing any
 * older ones, all in ONE statement. A statement is its own transaction, so search sees the old chunks
 * or the new ones, never a mix; and it costs one round trip instead of five (BEGIN, the state, the
 * embedder check with the old chunks' removal, the insert, COMMIT). Each round trip waits for the
 * database process to be scheduled, which on a loaded 2-core machine was 10–15 ms: the four saved were
 * a sixth of a 12-chunk document's job (bench/ingest-profile.ts).
 *
 * The data-modifying CTEs run in this order because each reads the one before it:
 * 1. `collection` takes the collection row FOR SHARE: a re-embed's switch (which takes it exclusively)
 *    waits for this write, or this write sees the switch.
 * 2. `ready` moves the document to `ready`, only at this content version and only while the collection
 *    still uses the embedder the vectors come from. No row: the job is stale or the embedder changed,
 *    and every later step writes nothing.
 * 3. `old_chunks` deletes the previous version's chunks (their vectors cascade).
 * 4. `new_chunks` inserts the chunks, gated by a one-time filter that reads (1)–(3) before any row is
 *    inserted: the old rows are gone before the new ones check `UNIQUE (document_id, ordinal)`.
 * 5. The vectors follow their chunks (the foreign key is checked at the end of the statement).
 */
@Injectable()
export class ReadyDocumentWriter {
  constructor(private readonly database: Database) {}

  async write(
    document: Pick<DocumentRecord, 'tenantId' | 'id' | 'collectionId' | 'contentHash'>,
    space: EmbeddingSpace,
    title: string,
    chunks: NewChunk[],
  ): Promise<ReadyWrite> {
    const { rows } = await this.database.pool.query<{ embedder: string | null; ready: number }>(
      `WITH collection AS (
         SELECT embedder FROM collections WHERE tenant_id = $1 AND id = $2 FOR SHARE),
       ready AS (
         UPDATE documents SET status = 'ready', progress = 100, chunk_count = $5, error = NULL, updated_at = now(),
           title = CASE WHEN title = '' THEN $6 ELSE title END
         WHERE tenant_id = $1 AND id = $3 AND content_hash = $4 AND (SELECT embedder FROM collection) = $7
         RETURNING id),
       old_chunks AS (
         DELETE FROM chunks WHERE tenant_id = $1 AND document_id IN (SELECT id FROM ready) RETURNING 1),
       new_chunks AS (
         INSERT INTO chunks (id, tenant_id, collection_id, document_id, ordinal, text, heading_path, start_offset,
           end_offset, tsv)
         SELECT id, $1, $2, $3, ordinal, text, ARRAY(SELECT jsonb_array_elements_text(heading)), start_offset,
                end_offset, to_tsvector('english', search_text)
         FROM unnest($9::uuid[], $10::int[], $11::text[], $12::jsonb[], $13::int[], $14::int[], $15::text[])
           AS t(id, ordinal, text, heading, start_offset, end_offset, search_text)
         WHERE EXISTS (SELECT 1 FROM ready) AND (SELECT count(*) FROM old_chunks) >= 0
         RETURNING id),
       vectors AS (
         INSERT INTO chunk_embeddings (chunk_id, embedder, collection_id, dimensions, embedding)
         SELECT v.id, $7, $2, $8, v.embedding
         FROM unnest($9::uuid[], $16::vector[]) AS v(id, embedding) JOIN new_chunks USING (id))
       SELECT (SELECT embedder FROM collection), (SELECT count(*) FROM ready)::int AS ready`,
      [
        document.tenantId,
        document.collectionId,
        document.id,
        document.contentHash,
        chunks.length,
        title,
        space.embedder,
        checkedDimensions(space.dimensions),
        chunks.map(() => randomUUID()),
        chunks.map((chunk) => chunk.ordinal),
        chunks.map((chunk) => chunk.text),
        chunks.map((chunk) => JSON.stringify(chunk.headingPath)),
        chunks.map((chunk) => chunk.start),
        chunks.map((chunk) => chunk.end),
        chunks.map((chunk) => chunk.searchText),
        chunks.map((chunk) => vectorLiteral(chunk.embedding)),
      ],
    );
    const { embedder, ready } = rows[0];
    // Vectors of an embedder the collection left would be unsearchable: the job fails and retries, and
    // its next try embeds with the collection's new embedder.
    if (embedder !== null && embedder !== space.embedder) {
      throw new Error(
        `collection ${document.collectionId} switched to embedder ${embedder} while this document was embedded with ${space.embedder}`,
      );
    }
    return ready === 0 ? 'stale' : 'written';
  }
}

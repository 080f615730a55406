import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@app/core';
import { DocumentListQuery, DocumentRecord, DocumentSource, DocumentStatus } from './document.types';
import { decodeCursor, encodeCursor } from './document-cursor';

const COLUMNS = `id, tenant_id AS "tenantId", collection_id AS "collectionId", title, source_kind AS "sourceKind",
  source_key AS "sourceKey", source_url AS "sourceUrl", filename, media_type AS "mediaType", byte_size AS "byteSize",
  content_hash AS "contentHash", status, progress, chunk_count AS "chunkCount", error, metadata,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Microsecond-exact sort key for cursors (a JS Date would round it to milliseconds and skip rows). */
const CURSOR_AT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

type RowWithCursor = DocumentRecord & { cursorAt: string };

/**
 * File bytes travel in an array literal (hex, twice their size): a statement takes files up to this many
 * bytes, so an upload of big files does not build one string of hundreds of megabytes.
 */
const FILE_BYTES_PER_STATEMENT = 4 * 1024 * 1024;

/** Consecutive groups of items whose sizes add up to at most FILE_BYTES_PER_STATEMENT (one item at least). */
function byteGroups<T>(items: T[], sizeOf: (item: T) => number): T[][] {
  const groups: T[][] = [];
  let size = Infinity;
  for (const item of items) {
    if (size + sizeOf(item) > FILE_BYTES_PER_STATEMENT) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(item);
    size += sizeOf(item);
  }
  return groups;
}

/** What an ingestion job starts from. */
export interface IngestionStart {
  document: DocumentRecord;
  bytes: Buffer;
  /** The collection's embedding space, which the chunks' vectors must be in. */
  embedder: string;
  dimensions: number;
}

export interface StoredDocument {
  document: DocumentRecord;
  /** False when the source was stored already with identical content (a no-op re-upload). */
  changed: boolean;
}

/** The documents aggregate: the document rows and their original bytes (document_files). */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly database: Database) {}

  /**
   * Inserts the source, or updates the document with the same source key when its content changed
   * (back to `queued`; its old chunks stay searchable until the new ones replace them). Same content:
   * nothing is written. One source through `upsertManyWithFiles`' statements, so both follow one rule.
   */
  async upsertWithFile(
    client: PoolClient,
    tenantId: string,
    collectionId: string,
    source: DocumentSource,
    contentHash: string,
  ): Promise<StoredDocument> {
    const [stored] = await this.upsertManyWithFiles(client, tenantId, collectionId, [{ source, contentHash }]);
    return stored;
  }

  /**
   * `upsertWithFile` for many sources in three statements instead of two per source: an upload of 100
   * files was 200 round trips inside one transaction, and the worker could start on none of them until
   * it committed. Same rules per source; the source keys must be distinct (the caller checks).
   */
  async upsertManyWithFiles(
    client: PoolClient,
    tenantId: string,
    collectionId: string,
    sources: { source: DocumentSource; contentHash: string }[],
  ): Promise<StoredDocument[]> {
    const { rows: changed } = await client.query<DocumentRecord>(
      `INSERT INTO documents (id, tenant_id, collection_id, title, source_kind, source_key, source_url, filename,
         media_type, byte_size, content_hash, metadata)
       SELECT id, $1, $2, title, source_kind, source_key, source_url, filename, media_type, byte_size, content_hash,
              metadata
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[],
                   $11::text[], $12::jsonb[])
         AS t(id, title, source_kind, source_key, source_url, filename, media_type, byte_size, content_hash, metadata)
       ON CONFLICT (collection_id, source_key) DO UPDATE SET title = EXCLUDED.title, source_url = EXCLUDED.source_url,
         filename = EXCLUDED.filename, media_type = EXCLUDED.media_type, byte_size = EXCLUDED.byte_size,
         content_hash = EXCLUDED.content_hash, metadata = EXCLUDED.metadata, status = 'queued', progress = 0,
         error = NULL, updated_at = now()
       WHERE documents.tenant_id = EXCLUDED.tenant_id AND documents.content_hash <> EXCLUDED.content_hash
       RETURNING ${COLUMNS}`,
      [
        tenantId,
        collectionId,
        sources.map(() => randomUUID()),
        sources.map(({ source }) => source.title),
        sources.map(({ source }) => source.sourceKind),
        sources.map(({ source }) => source.sourceKey),
        sources.map(({ source }) => source.sourceUrl ?? null),
        sources.map(({ source }) => source.filename ?? null),
        sources.map(({ source }) => source.mediaType ?? null),
        sources.map(({ source }) => source.bytes.byteLength),
        sources.map(({ contentHash }) => contentHash),
        sources.map(({ source }) => JSON.stringify(source.metadata ?? {})),
      ],
    );
    const changedByKey = new Map(changed.map((document) => [document.sourceKey, document]));
    const bytesByKey = new Map(sources.map(({ source }) => [source.sourceKey, source.bytes]));
    for (const group of byteGroups(changed, (document) => bytesByKey.get(document.sourceKey)!.byteLength)) {
      await client.query(
        `INSERT INTO document_files (document_id, tenant_id, bytes)
         SELECT id, $1, bytes FROM unnest($2::uuid[], $3::bytea[]) AS t(id, bytes)
         ON CONFLICT (document_id) DO UPDATE SET bytes = EXCLUDED.bytes`,
        [tenantId, group.map((document) => document.id), group.map((document) => bytesByKey.get(document.sourceKey))],
      );
    }
    const unchangedKeys = sources.map(({ source }) => source.sourceKey).filter((key) => !changedByKey.has(key));
    const unchanged = new Map<string, DocumentRecord>();
    if (unchangedKeys.length > 0) {
      const { rows } = await client.query<DocumentRecord>(
        `SELECT ${COLUMNS} FROM documents WHERE tenant_id = $1 AND collection_id = $2 AND source_key = ANY($3::text[])`,
        [tenantId, collectionId, unchangedKeys],
      );
      for (const document of rows) unchanged.set(document.sourceKey, document);
    }
    return sources.map(({ source }) => {
      const document = changedByKey.get(source.sourceKey);
      return document ? { document, changed: true } : { document: unchanged.get(source.sourceKey)!, changed: false };
    });
  }

  async findById(tenantId: string, id: string): Promise<DocumentRecord | null> {
    const { rows } = await this.database.pool.query<DocumentRecord>(
      `SELECT ${COLUMNS} FROM documents WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(tenantId: string, collectionId: string, query: DocumentListQuery) {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const { rows } = await this.database.pool.query<RowWithCursor>(
      `SELECT ${COLUMNS}, ${CURSOR_AT} FROM documents
       WHERE tenant_id = $1 AND collection_id = $2 AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY created_at DESC, id DESC
       LIMIT $6`,
      [tenantId, collectionId, query.status ?? null, after?.at ?? null, after?.id ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null;
    return { data: page.map(({ cursorAt: _, ...document }) => document), nextCursor };
  }

  /** Deletes the row; its file, chunks and vectors go with it (ON DELETE CASCADE). */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('DELETE FROM documents WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return rowCount === 1;
  }

  async findFileBytes(tenantId: string, id: string): Promise<Buffer | null> {
    const { rows } = await this.database.pool.query<{ bytes: Buffer }>(
      'SELECT bytes FROM document_files WHERE tenant_id = $1 AND document_id = $2',
      [tenantId, id],
    );
    return rows[0]?.bytes ?? null;
  }

  /**
   * Moves the document at this content version to a new state. Every change is conditional on the
   * content hash, so a job for outdated content can never overwrite the state of the newer upload.
   */
  async updateState(
    tenantId: string,
    id: string,
    contentHash: string,
    change: { status?: DocumentStatus; progress?: number; error?: string | null },
  ): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      `UPDATE documents SET status = COALESCE($4, status), progress = COALESCE($5, progress),
         error = CASE WHEN $6::boolean THEN $7 ELSE error END, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND content_hash = $3 AND status <> 'ready'`,
      [
        tenantId,
        id,
        contentHash,
        change.status ?? null,
        change.progress ?? null,
        'error' in change,
        change.error ?? null,
      ],
    );
    return rowCount === 1;
  }

  /**
   * The start of this version's ingestion, in one round trip: moves the document to `processing` at this
   * progress and reads what the job needs, its row, its bytes and its collection's embedding space. Null
   * when the job has nothing to do: the content changed, the document is ready already or gone.
   * Committed asynchronously, as `updateProgress`.
   */
  async startIngestion(
    tenantId: string,
    id: string,
    contentHash: string,
    progress: number,
  ): Promise<IngestionStart | null> {
    const { rows } = await this.database.pool.query<DocumentRecord & Omit<IngestionStart, 'document'>>(
      `WITH started AS (
         UPDATE documents SET status = 'processing', progress = $4, updated_at = now()
         FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
         WHERE tenant_id = $1 AND id = $2 AND content_hash = $3 AND status <> 'ready'
         RETURNING ${COLUMNS})
       SELECT started.*, f.bytes, c.embedder, c.dimensions
       FROM started
         JOIN document_files f ON f.document_id = started.id
         JOIN collections c ON c.id = started."collectionId"`,
      [tenantId, id, contentHash, progress],
    );
    if (!rows[0]) return null;
    const { bytes, embedder, dimensions, ...document } = rows[0];
    return { document, bytes, embedder, dimensions };
  }

  /**
   * Moves the document at this content version to `processing` at this progress; false when the content
   * changed, the document is gone or already ready. Committed asynchronously (no wait for the WAL flush,
   * which was most of the write's cost): progress is advisory, and a crash that loses it leaves the
   * document `queued` or at an older progress, which the worker's start re-enqueues all the same.
   */
  async updateProgress(tenantId: string, id: string, contentHash: string, progress: number): Promise<boolean> {
    // set_config(…, true) is SET LOCAL for this statement's own transaction, the one it commits.
    const { rowCount } = await this.database.pool.query(
      `UPDATE documents SET status = 'processing', progress = $4, updated_at = now()
       FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
       WHERE tenant_id = $1 AND id = $2 AND content_hash = $3 AND status <> 'ready'`,
      [tenantId, id, contentHash, progress],
    );
    return rowCount === 1;
  }

  async countByStatus(tenantId: string, collectionId: string): Promise<Partial<Record<DocumentStatus, number>>> {
    const { rows } = await this.database.pool.query<{ status: DocumentStatus; n: number }>(
      `SELECT status, count(*)::int AS n FROM documents WHERE tenant_id = $1 AND collection_id = $2 GROUP BY status`,
      [tenantId, collectionId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  /**
   * Documents whose ingestion has not finished, across tenants: a maintenance query run once at worker
   * start (re-enqueueing them is idempotent), so it is the one place without a tenant filter.
   */
  async findUnfinished(limit: number): Promise<{ tenantId: string; id: string; contentHash: string }[]> {
    const { rows } = await this.database.pool.query<{ tenantId: string; id: string; contentHash: string }>(
      `SELECT tenant_id AS "tenantId", id, content_hash AS "contentHash" FROM documents
       WHERE status IN ('queued', 'processing') ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows;
  }
}

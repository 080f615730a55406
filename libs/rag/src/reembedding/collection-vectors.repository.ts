import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@app/core';
import { EmbeddingSpace, vectorLiteral } from '../retrieval/chunks.repository';
import { checkedDimensions } from '../retrieval/indexed-vectors';

/** A chunk still lacking a vector from the target embedder, with what its text was embedded with. */
export interface ChunkToEmbed {
  id: string;
  text: string;
  headingPath: string[];
  documentTitle: string;
}

export interface CollectionScope {
  tenantId: string;
  collectionId: string;
}

/** The outcome of a step that only applies while the collection is still re-embedding to the target. */
export type ReembedStep = 'done' | 'pending' | 'stale';

const FOREIGN_KEY_VIOLATION = '23503';

/** Missing = a chunk of the collection (alias c) with no row for the embedder in chunk_embeddings. */
const MISSING_CONDITION = `c.tenant_id = $1 AND c.collection_id = $2
  AND NOT EXISTS (SELECT 1 FROM chunk_embeddings e WHERE e.chunk_id = c.id AND e.embedder = $3)`;

/**
 * The SQL of re-embedding a collection: the target's vectors are written beside the current ones,
 * then one transaction switches the collection over and drops the rest. Every step that writes locks
 * the collection row and re-checks that the re-embed is still the one it works for, so a cancel or a
 * switch never races a batch.
 */
@Injectable()
export class CollectionVectorsRepository {
  constructor(private readonly database: Database) {}

  /** In chunk id order after `after`, so one pass walks the collection once. */
  async findChunksMissingVectors(
    scope: CollectionScope,
    embedder: string,
    after: string | null,
    limit: number,
  ): Promise<ChunkToEmbed[]> {
    const { rows } = await this.database.pool.query<ChunkToEmbed>(
      `SELECT c.id, c.text, c.heading_path AS "headingPath", d.title AS "documentTitle"
       FROM chunks c JOIN documents d ON d.id = c.document_id
       WHERE ${MISSING_CONDITION} AND ($4::uuid IS NULL OR c.id > $4::uuid)
       ORDER BY c.id LIMIT $5`,
      [scope.tenantId, scope.collectionId, embedder, after, limit],
    );
    return rows;
  }

  /** Chunks of the collection, and how many have a vector from `embedder`. */
  async countVectors(scope: CollectionScope, embedder: string): Promise<{ total: number; embedded: number }> {
    const { rows } = await this.database.pool.query<{ total: number; embedded: number }>(
      `SELECT count(*)::int AS total, count(e.chunk_id)::int AS embedded
       FROM chunks c LEFT JOIN chunk_embeddings e ON e.chunk_id = c.id AND e.embedder = $3
       WHERE c.tenant_id = $1 AND c.collection_id = $2`,
      [scope.tenantId, scope.collectionId, embedder],
    );
    return rows[0];
  }

  /** Writes a batch of target vectors; chunks deleted meanwhile are skipped. */
  async storeVectors(
    scope: CollectionScope,
    target: EmbeddingSpace,
    chunkIds: string[],
    vectors: ArrayLike<number>[],
  ): Promise<ReembedStep> {
    try {
      return await this.database.transaction(async (client) => {
        if (!(await this.lockIfReembedding(client, scope, target.embedder, 'SHARE'))) return 'stale';
        await client.query(
          `INSERT INTO chunk_embeddings (chunk_id, embedder, collection_id, dimensions, embedding)
           SELECT t.id, $1, $2, $3, t.embedding FROM unnest($4::uuid[], $5::vector[]) AS t(id, embedding)
           JOIN chunks c ON c.id = t.id AND c.tenant_id = $6
           ON CONFLICT (chunk_id, embedder) DO NOTHING`,
          [
            target.embedder,
            scope.collectionId,
            checkedDimensions(target.dimensions),
            chunkIds,
            vectors.map(vectorLiteral),
            scope.tenantId,
          ],
        );
        return 'done';
      });
    } catch (error) {
      // A document replaced or deleted between reading its chunks and writing: the next pass moves on.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return 'pending';
      throw error;
    }
  }

  /**
   * The switch, in one transaction: only when every chunk has a target vector (documents ingested
   * meanwhile may not yet), the collection takes the target embedder and every other vector goes.
   */
  async switchEmbedder(scope: CollectionScope, target: EmbeddingSpace): Promise<ReembedStep> {
    return this.database.transaction(async (client) => {
      if (!(await this.lockIfReembedding(client, scope, target.embedder, 'UPDATE'))) return 'stale';
      const missing = await client.query(`SELECT 1 FROM chunks c WHERE ${MISSING_CONDITION} LIMIT 1`, [
        scope.tenantId,
        scope.collectionId,
        target.embedder,
      ]);
      if (missing.rowCount) return 'pending';
      await client.query(
        `UPDATE collections SET embedder = next_embedder, dimensions = next_dimensions, next_embedder = NULL,
           next_dimensions = NULL, updated_at = now()
         WHERE tenant_id = $1 AND id = $2`,
        [scope.tenantId, scope.collectionId],
      );
      await this.deleteVectors(client, scope, `e.embedder <> $3`, target.embedder);
      return 'done';
    });
  }

  /** Abandons a re-embed: the collection keeps its embedder and the target's vectors go. */
  async cancelReembedding(scope: CollectionScope, target: string): Promise<boolean> {
    return this.database.transaction(async (client) => {
      if (!(await this.lockIfReembedding(client, scope, target, 'UPDATE'))) return false;
      await client.query(
        `UPDATE collections SET next_embedder = NULL, next_dimensions = NULL, updated_at = now()
         WHERE tenant_id = $1 AND id = $2`,
        [scope.tenantId, scope.collectionId],
      );
      await this.deleteVectors(client, scope, `e.embedder = $3`, target);
      return true;
    });
  }

  private async lockIfReembedding(
    client: PoolClient,
    scope: CollectionScope,
    target: string,
    mode: 'SHARE' | 'UPDATE',
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `SELECT 1 FROM collections WHERE tenant_id = $1 AND id = $2 AND next_embedder = $3 FOR ${mode}`,
      [scope.tenantId, scope.collectionId, target],
    );
    return rowCount === 1;
  }

  private async deleteVectors(
    client: PoolClient,
    scope: CollectionScope,
    embedderCondition: string,
    embedder: string,
  ): Promise<void> {
    await client.query(
      `DELETE FROM chunk_embeddings e USING chunks c
       WHERE e.collection_id = $2 AND ${embedderCondition} AND c.id = e.chunk_id AND c.tenant_id = $1`,
      [scope.tenantId, scope.collectionId, embedder],
    );
  }
}

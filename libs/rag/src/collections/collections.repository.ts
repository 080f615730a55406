import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';

export interface Collection {
  id: string;
  tenantId: string;
  name: string;
  embedder: string;
  dimensions: number;
  /** Set while the collection is being re-embedded with another embedder. */
  nextEmbedder: string | null;
  nextDimensions: number | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, tenant_id AS "tenantId", name, embedder, dimensions, next_embedder AS "nextEmbedder",
  next_dimensions AS "nextDimensions", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class CollectionsRepository {
  constructor(private readonly database: Database) {}

  /** Null when the name is taken in this tenant. */
  async insert(tenantId: string, name: string, embedder: string, dimensions: number): Promise<Collection | null> {
    const { rows } = await this.database.pool.query<Collection>(
      `INSERT INTO collections (id, tenant_id, name, embedder, dimensions) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, name) DO NOTHING RETURNING ${COLUMNS}`,
      [randomUUID(), tenantId, name, embedder, dimensions],
    );
    return rows[0] ?? null;
  }

  async findById(tenantId: string, id: string): Promise<Collection | null> {
    const { rows } = await this.database.pool.query<Collection>(
      `SELECT ${COLUMNS} FROM collections WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async findManyByIds(tenantId: string, ids: string[]): Promise<Collection[]> {
    const { rows } = await this.database.pool.query<Collection>(
      `SELECT ${COLUMNS} FROM collections WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY name`,
      [tenantId, ids],
    );
    return rows;
  }

  async listByTenant(tenantId: string): Promise<Collection[]> {
    const { rows } = await this.database.pool.query<Collection>(
      `SELECT ${COLUMNS} FROM collections WHERE tenant_id = $1 ORDER BY name`,
      [tenantId],
    );
    return rows;
  }

  /**
   * Starts a re-embed: records the target embedder unless another change is under way (or the
   * collection moved on meanwhile). Null when it did not apply. `updated_at` marks the request.
   */
  async startReembedding(
    tenantId: string,
    id: string,
    from: string,
    to: { embedder: string; dimensions: number },
  ): Promise<Collection | null> {
    const { rows } = await this.database.pool.query<Collection>(
      `UPDATE collections SET next_embedder = $4, next_dimensions = $5, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND embedder = $3 AND next_embedder IS NULL RETURNING ${COLUMNS}`,
      [tenantId, id, from, to.embedder, to.dimensions],
    );
    return rows[0] ?? null;
  }

  /** Every collection of every tenant with a re-embed under way: for the worker-start reconciliation. */
  async findReembedding(limit: number): Promise<Collection[]> {
    const { rows } = await this.database.pool.query<Collection>(
      `SELECT ${COLUMNS} FROM collections WHERE next_embedder IS NOT NULL ORDER BY updated_at LIMIT $1`,
      [limit],
    );
    return rows;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('DELETE FROM collections WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return rowCount === 1;
  }
}

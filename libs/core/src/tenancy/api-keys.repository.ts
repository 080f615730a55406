import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '../database/database.module';
import { ApiKeyScope } from './scopes';

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  tenantId: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: ApiKeyScope[];
}

type Queryable = Pick<PoolClient, 'query'>;

const COLUMNS = `id, tenant_id AS "tenantId", name, prefix, scopes, created_at AS "createdAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly database: Database) {}

  async insert(key: NewApiKey, db: Queryable = this.database.pool): Promise<ApiKeyRecord> {
    const { rows } = await db.query<ApiKeyRecord>(
      `INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [randomUUID(), key.tenantId, key.name, key.prefix, key.hash, key.scopes],
    );
    return rows[0];
  }

  /** The only query that reads a hash: authentication looks a key up by its public prefix. */
  async findCredentialByPrefix(prefix: string): Promise<(ApiKeyRecord & { hash: string }) | null> {
    const { rows } = await this.database.pool.query<ApiKeyRecord & { hash: string }>(
      `SELECT ${COLUMNS}, key_hash AS hash FROM api_keys WHERE prefix = $1`,
      [prefix],
    );
    return rows[0] ?? null;
  }

  async listByTenant(tenantId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.database.pool.query<ApiKeyRecord>(
      `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
    return rows;
  }

  /** Null when the key does not exist in this tenant (another tenant's key is simply not found). */
  async revoke(tenantId: string, id: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.database.pool.query<ApiKeyRecord>(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2
       RETURNING ${COLUMNS}`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async touch(id: string): Promise<void> {
    await this.database.pool.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
  }
}

import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '../database/database.module';

export interface AuditEntry {
  tenantId: string;
  /** Who did it: `key:<prefix>`, `user:<id>` or `cli`. */
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

type Queryable = Pick<PoolClient, 'query'>;

@Injectable()
export class AuditLogRepository {
  constructor(private readonly database: Database) {}

  async append(entry: AuditEntry, db: Queryable = this.database.pool): Promise<void> {
    await db.query('INSERT INTO audit_log (tenant_id, actor, action, target, details) VALUES ($1, $2, $3, $4, $5)', [
      entry.tenantId,
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.details ?? {},
    ]);
  }

  async listByTenant(tenantId: string, limit = 100): Promise<(AuditEntry & { createdAt: Date })[]> {
    const { rows } = await this.database.pool.query(
      `SELECT tenant_id AS "tenantId", actor, action, target, details, created_at AS "createdAt"
       FROM audit_log WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`,
      [tenantId, limit],
    );
    return rows;
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';
import { CrawlOptions, SyncReport, UrlSource, UrlSourceStatus } from './url-source.types';

const COLUMNS = `id, tenant_id AS "tenantId", collection_id AS "collectionId", root_url AS "url", options, status, error,
  last_sync AS "lastSync", last_synced_at AS "lastSyncedAt", next_sync_at AS "nextSyncAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** A sync holds the source while `lease_until` is in the future. */
const LEASED = 'url_sources.lease_until > now()';
const LEASE_END = `now() + $3 * interval '1 millisecond'`;

export interface DueSource {
  tenantId: string;
  id: string;
  nextSyncAt: Date;
}

@Injectable()
export class UrlSourcesRepository {
  constructor(private readonly database: Database) {}

  /**
   * Adds the source, or updates the options of the same URL in the collection. Either way it is due
   * now, unless a sync is running: that one finishes, and the new options apply from the next sync.
   */
  async upsert(tenantId: string, collectionId: string, url: string, options: CrawlOptions): Promise<UrlSource> {
    const { rows } = await this.database.pool.query<UrlSource>(
      `INSERT INTO url_sources (id, tenant_id, collection_id, root_url, options, next_sync_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, now())
       ON CONFLICT (collection_id, root_url) DO UPDATE SET options = EXCLUDED.options, updated_at = now(),
         status = CASE WHEN ${LEASED} THEN url_sources.status ELSE 'queued' END,
         error = CASE WHEN ${LEASED} THEN url_sources.error ELSE NULL END,
         next_sync_at = CASE WHEN ${LEASED} THEN url_sources.next_sync_at ELSE now() END
       WHERE url_sources.tenant_id = EXCLUDED.tenant_id
       RETURNING ${COLUMNS}`,
      [randomUUID(), tenantId, collectionId, url, JSON.stringify(options)],
    );
    return rows[0];
  }

  async findById(tenantId: string, id: string): Promise<UrlSource | null> {
    const { rows } = await this.database.pool.query<UrlSource>(
      `SELECT ${COLUMNS} FROM url_sources WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async listByCollection(tenantId: string, collectionId: string): Promise<UrlSource[]> {
    const { rows } = await this.database.pool.query<UrlSource>(
      `SELECT ${COLUMNS} FROM url_sources WHERE tenant_id = $1 AND collection_id = $2 ORDER BY created_at, id`,
      [tenantId, collectionId],
    );
    return rows;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('DELETE FROM url_sources WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return rowCount === 1;
  }

  /** Makes the source due now; null when it does not exist or a sync is running. */
  async requestSync(tenantId: string, id: string): Promise<UrlSource | null> {
    const { rows } = await this.database.pool.query<UrlSource>(
      `UPDATE url_sources SET status = 'queued', error = NULL, next_sync_at = now(), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND NOT COALESCE(${LEASED}, false)
       RETURNING ${COLUMNS}`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /**
   * Takes the source for one sync if it is due and nobody holds it. Until the sync finishes, the next
   * sync is due when the lease ends: a sync whose worker died is picked up again by the sweep.
   */
  async acquireLease(tenantId: string, id: string, leaseMs: number): Promise<UrlSource | null> {
    const { rows } = await this.database.pool.query<UrlSource>(
      `UPDATE url_sources SET status = 'syncing', lease_until = ${LEASE_END}, next_sync_at = ${LEASE_END},
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND next_sync_at <= now() AND NOT COALESCE(${LEASED}, false)
       RETURNING ${COLUMNS}`,
      [tenantId, id, leaseMs],
    );
    return rows[0] ?? null;
  }

  /** False when the source was deleted meanwhile: the sync stops. */
  async renewLease(tenantId: string, id: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      `UPDATE url_sources SET lease_until = ${LEASE_END}, next_sync_at = ${LEASE_END}
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, leaseMs],
    );
    return rowCount === 1;
  }

  /** Gives an unfinished sync back: due again at once, for a retry of the job or the next sweep. */
  async releaseLease(tenantId: string, id: string): Promise<void> {
    await this.database.pool.query(
      `UPDATE url_sources SET status = 'queued', lease_until = NULL, next_sync_at = now(), updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
  }

  /** Records the outcome and schedules the next sync from the source's re-sync interval (none: not again). */
  async finishSync(
    tenantId: string,
    id: string,
    outcome: { status: Extract<UrlSourceStatus, 'ready' | 'failed'>; error: string | null; report: SyncReport },
  ): Promise<UrlSource | null> {
    const { rows } = await this.database.pool.query<UrlSource>(
      `UPDATE url_sources SET status = $3, error = $4, last_sync = $5::jsonb, last_synced_at = now(),
         lease_until = NULL, updated_at = now(),
         next_sync_at = now() + (options->>'resyncEveryMinutes')::int * interval '1 minute'
       WHERE tenant_id = $1 AND id = $2
       RETURNING ${COLUMNS}`,
      [tenantId, id, outcome.status, outcome.error, JSON.stringify(outcome.report)],
    );
    return rows[0] ?? null;
  }

  /**
   * Sources whose next sync is due and that no sync holds, across tenants: the sweep's maintenance
   * query, the one place here without a tenant filter (each job it queues carries its tenant).
   */
  async findDue(limit: number): Promise<DueSource[]> {
    const { rows } = await this.database.pool.query<DueSource>(
      `SELECT tenant_id AS "tenantId", id, next_sync_at AS "nextSyncAt" FROM url_sources
       WHERE next_sync_at <= now() AND NOT COALESCE(${LEASED}, false)
       ORDER BY next_sync_at LIMIT $1`,
      [limit],
    );
    return rows;
  }
}

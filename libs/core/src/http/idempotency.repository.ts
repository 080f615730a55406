import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.module';

export type IdempotencyState = 'in_progress' | 'completed' | 'streamed';

export interface IdempotencyRecord {
  requestHash: string;
  state: IdempotencyState;
  statusCode: number | null;
  /** The response body sealed by ResponseSealer; null while in progress, when streamed, or for no body. */
  sealedResponse: Buffer | null;
}

export interface IdempotencyClaim {
  /** The scope embeds the caller (API key, console user, credential hash or address), method and path. */
  scope: string;
  key: string;
  tenantId: string | null;
  requestHash: string;
}

/** How long a key is remembered, and how long an unfinished request holds its key before a retry may take it over. */
export const IDEMPOTENCY_TTL = '24 hours';
export const IDEMPOTENCY_IN_PROGRESS_TIMEOUT = '5 minutes';

/**
 * The stored first responses of POSTs sent with an Idempotency-Key. Rows are found by their scope,
 * which already holds the tenant's credential, so no query needs tenant_id; the column is there so
 * a deleted tenant's stored responses go with it.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly database: Database) {}

  /**
   * Takes the key for this request: true when it is ours to run. A row that expired, or that a crashed
   * process left in progress, is taken over in the same statement, so two racing requests never both win.
   */
  async claim(claim: IdempotencyClaim): Promise<boolean> {
    const { rows } = await this.database.pool.query(
      `INSERT INTO idempotency_keys (scope, key, tenant_id, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, request_hash = EXCLUDED.request_hash,
         state = 'in_progress', status_code = NULL, sealed_response = NULL, created_at = now()
       WHERE idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_TTL}'
          OR (idempotency_keys.state = 'in_progress'
              AND idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_IN_PROGRESS_TIMEOUT}')
       RETURNING 1`,
      [claim.scope, claim.key, claim.tenantId, claim.requestHash],
    );
    return rows.length === 1;
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const { rows } = await this.database.pool.query<IdempotencyRecord>(
      `SELECT request_hash AS "requestHash", state, status_code AS "statusCode", sealed_response AS "sealedResponse"
       FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    return rows[0] ?? null;
  }

  async complete(
    scope: string,
    key: string,
    state: 'completed' | 'streamed',
    statusCode: number,
    sealedResponse: Buffer | null,
  ): Promise<void> {
    await this.database.pool.query(
      `UPDATE idempotency_keys SET state = $3, status_code = $4, sealed_response = $5 WHERE scope = $1 AND key = $2`,
      [scope, key, state, statusCode, sealedResponse],
    );
  }

  /** Forgets a key whose request failed, so the client may retry it. */
  async release(scope: string, key: string): Promise<void> {
    await this.database.pool.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
  }

  async pruneExpired(): Promise<number> {
    const { rowCount } = await this.database.pool.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - interval '${IDEMPOTENCY_TTL}'`,
    );
    return rowCount ?? 0;
  }
}

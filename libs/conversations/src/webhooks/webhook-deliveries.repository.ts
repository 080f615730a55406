import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SealedSecret } from '@app/agents';
import { Database } from '@app/core';
import { decodeDeliveryCursor, encodeDeliveryCursor } from './delivery-cursor';
import { DeliveryListQuery, DeliveryStatus, WebhookDelivery, WebhookEvent } from './webhook.types';

const COLUMNS = `id, tenant_id AS "tenantId", webhook_id AS "webhookId", event_id AS "eventId",
  event_type AS "eventType", payload, status, attempts, last_status_code AS "lastStatusCode",
  last_error AS "lastError", next_attempt_at AS "nextAttemptAt", delivered_at AS "deliveredAt",
  redelivery_of AS "redeliveryOf", created_at AS "createdAt"`;

/** Microsecond-exact sort key for cursors (a JS Date would round it to milliseconds and skip rows). */
const CURSOR_AT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

/** Deliveries that may still be tried. */
const OPEN = `status IN ('pending', 'failed')`;

export interface NewDelivery {
  id: string;
  tenantId: string;
}

/** What one try needs: the delivery and where and how to send it. */
export interface DeliveryTarget {
  delivery: WebhookDelivery;
  url: string;
  secret: SealedSecret;
  active: boolean;
}

interface TargetColumns {
  webhookUrl: string;
  webhookSecret: SealedSecret;
  webhookActive: boolean;
}

export interface FailedTry {
  statusCode: number | null;
  error: string;
  /** Delay before the next try, if one is left. */
  retryInMs: number;
  maxAttempts: number;
  /** The queue has no try left for this job, whatever the count says. */
  final: boolean;
}

/** All SQL of the delivery log; every statement is scoped to a tenant except the start-up sweep. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly database: Database) {}

  /**
   * One delivery per active webhook of the tenant subscribed to the event, in one statement. An event
   * seen before (the same fact published in several processes) inserts nothing: only new rows return.
   */
  async insertForSubscribers(event: WebhookEvent): Promise<NewDelivery[]> {
    const { rows } = await this.database.pool.query<NewDelivery>(
      `INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event_id, event_type, payload, next_attempt_at)
       SELECT gen_random_uuid(), tenant_id, id, $2, $3, $4::jsonb, now() FROM webhooks
       WHERE tenant_id = $1 AND active AND $3 = ANY (events)
       ON CONFLICT (webhook_id, event_id) WHERE redelivery_of IS NULL DO NOTHING
       RETURNING id, tenant_id AS "tenantId"`,
      [event.tenantId, event.id, event.type, JSON.stringify(event)],
    );
    return rows;
  }

  /** A manual resend: a new row with the same event, so the original's log stays as it was. */
  async insertRedelivery(original: WebhookDelivery): Promise<WebhookDelivery> {
    const { rows } = await this.database.pool.query<WebhookDelivery>(
      `INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event_id, event_type, payload, redelivery_of,
         next_attempt_at)
       SELECT $3, tenant_id, webhook_id, event_id, event_type, payload, id, now() FROM webhook_deliveries
       WHERE tenant_id = $1 AND id = $2
       RETURNING ${COLUMNS}`,
      [original.tenantId, original.id, randomUUID()],
    );
    return rows[0];
  }

  async findById(tenantId: string, webhookId: string, id: string): Promise<WebhookDelivery | null> {
    const { rows } = await this.database.pool.query<WebhookDelivery>(
      `SELECT ${COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2 AND id = $3`,
      [tenantId, webhookId, id],
    );
    return rows[0] ?? null;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(tenantId: string, webhookId: string, query: DeliveryListQuery) {
    const after = query.cursor ? decodeDeliveryCursor(query.cursor) : null;
    const { rows } = await this.database.pool.query<WebhookDelivery & { cursorAt: string }>(
      `SELECT ${COLUMNS}, ${CURSOR_AT} FROM webhook_deliveries
       WHERE tenant_id = $1 AND webhook_id = $2 AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY created_at DESC, id DESC
       LIMIT $6`,
      [tenantId, webhookId, query.status ?? null, after?.at ?? null, after?.id ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > query.limit && last ? encodeDeliveryCursor({ at: last.cursorAt, id: last.id }) : null;
    return { data: page.map(({ cursorAt: _, ...delivery }) => delivery), nextCursor };
  }

  async findTarget(tenantId: string, id: string): Promise<DeliveryTarget | null> {
    const { rows } = await this.database.pool.query<WebhookDelivery & TargetColumns>(
      `WITH d AS (SELECT ${COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2)
       SELECT d.*, w.url AS "webhookUrl", w.secret AS "webhookSecret", w.active AS "webhookActive"
       FROM d JOIN webhooks w ON w.tenant_id = d."tenantId" AND w.id = d."webhookId"`,
      [tenantId, id],
    );
    if (!rows[0]) return null;
    const { webhookUrl, webhookSecret, webhookActive, ...delivery } = rows[0];
    return { delivery, url: webhookUrl, secret: webhookSecret, active: webhookActive };
  }

  /** False when the delivery is gone or already final (a duplicate try). */
  async recordDelivered(tenantId: string, id: string, statusCode: number): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status_code = $3,
         last_error = NULL, next_attempt_at = NULL, delivered_at = now()
       WHERE tenant_id = $1 AND id = $2 AND ${OPEN}`,
      [tenantId, id, statusCode],
    );
    return rowCount === 1;
  }

  /** Counts the try: `failed` with the next try's time, or `dead` when none is left. */
  async recordFailedTry(tenantId: string, id: string, failure: FailedTry): Promise<DeliveryStatus | null> {
    const { rows } = await this.database.pool.query<{ status: DeliveryStatus }>(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $3, last_error = $4,
         status = CASE WHEN $7 OR attempts + 1 >= $6 THEN 'dead' ELSE 'failed' END,
         next_attempt_at = CASE WHEN $7 OR attempts + 1 >= $6 THEN NULL
                                ELSE now() + $5::float8 * interval '1 millisecond' END
       WHERE tenant_id = $1 AND id = $2 AND ${OPEN}
       RETURNING status`,
      [tenantId, id, failure.statusCode, failure.error, failure.retryInMs, failure.maxAttempts, failure.final],
    );
    return rows[0]?.status ?? null;
  }

  /** Gives up without a try (the webhook was disabled while the delivery waited). */
  async markDead(tenantId: string, id: string, reason: string): Promise<void> {
    await this.database.pool.query(
      `UPDATE webhook_deliveries SET status = 'dead', last_error = $3, next_attempt_at = NULL
       WHERE tenant_id = $1 AND id = $2 AND ${OPEN}`,
      [tenantId, id, reason],
    );
  }

  /** Deliveries not final yet, across tenants: a maintenance query run once at worker start. */
  async findOpen(limit: number): Promise<NewDelivery[]> {
    const { rows } = await this.database.pool.query<NewDelivery>(
      `SELECT id, tenant_id AS "tenantId" FROM webhook_deliveries WHERE ${OPEN} ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows;
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SealedSecret } from '@app/agents';
import { Database } from '@app/core';
import { Webhook, WebhookChange, WebhookInput, WebhookWithSecret } from './webhook.types';

const COLUMNS = `id, tenant_id AS "tenantId", url, events, description, active, created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/** All SQL of the webhooks table. The sealed secret is selected only by `findWithSecret`. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly database: Database) {}

  async insert(tenantId: string, input: WebhookInput, secret: SealedSecret): Promise<Webhook> {
    const { rows } = await this.database.pool.query<Webhook>(
      `INSERT INTO webhooks (id, tenant_id, url, events, description, secret) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [randomUUID(), tenantId, input.url, input.events, input.description ?? '', JSON.stringify(secret)],
    );
    return rows[0];
  }

  async findById(tenantId: string, id: string): Promise<Webhook | null> {
    const { rows } = await this.database.pool.query<Webhook>(
      `SELECT ${COLUMNS} FROM webhooks WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async findWithSecret(tenantId: string, id: string): Promise<WebhookWithSecret | null> {
    const { rows } = await this.database.pool.query<WebhookWithSecret>(
      `SELECT ${COLUMNS}, secret FROM webhooks WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async listByTenant(tenantId: string): Promise<Webhook[]> {
    const { rows } = await this.database.pool.query<Webhook>(
      `SELECT ${COLUMNS} FROM webhooks WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
    return rows;
  }

  /** Fields left undefined keep their value; null when the webhook is not this tenant's. */
  async update(tenantId: string, id: string, change: WebhookChange): Promise<Webhook | null> {
    const { rows } = await this.database.pool.query<Webhook>(
      `UPDATE webhooks SET url = COALESCE($3, url), events = COALESCE($4, events),
         description = COALESCE($5, description), active = COALESCE($6, active), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, change.url ?? null, change.events ?? null, change.description ?? null, change.active ?? null],
    );
    return rows[0] ?? null;
  }

  async replaceSecret(tenantId: string, id: string, secret: SealedSecret): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      `UPDATE webhooks SET secret = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, JSON.stringify(secret)],
    );
    return rowCount === 1;
  }

  /** Its delivery log goes with it (ON DELETE CASCADE); queued tries then find nothing to send. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('DELETE FROM webhooks WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return rowCount === 1;
  }
}

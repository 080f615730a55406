import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database, DomainError, ErrorCode } from '@app/core';
import { FOREIGN_KEY_VIOLATION, iso, pgErrorCode } from '../database/pg-errors';
import type { WidgetTheme } from '../protocol/socket-protocol';

export interface WidgetSettings {
  tenantId: string;
  /** `site_` + 24 hex characters; public (it sits in the page's script tag). */
  siteKey: string;
  /** The agent the widget talks to. */
  agentId: string;
  /** Exact origins (scheme://host[:port]) whose pages may open the widget. */
  allowedOrigins: string[];
  theme: WidgetTheme;
  createdAt: string;
  updatedAt: string;
}

export interface WidgetSettingsInput {
  agentId: string;
  allowedOrigins: string[];
  theme: WidgetTheme;
}

const COLUMNS = `tenant_id AS "tenantId", site_key AS "siteKey", agent_id AS "agentId",
  allowed_origins AS "allowedOrigins", theme, created_at AS "createdAt", updated_at AS "updatedAt"`;

type Row = Omit<WidgetSettings, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

export function newSiteKey(): string {
  return `site_${randomBytes(12).toString('hex')}`;
}

/** One widget per tenant. The site key is the only lookup without a tenant: it is how a page names one. */
@Injectable()
export class WidgetSettingsRepository {
  constructor(private readonly database: Database) {}

  async findBySiteKey(siteKey: string): Promise<WidgetSettings | null> {
    const { rows } = await this.database.pool.query<Row>(`SELECT ${COLUMNS} FROM widget_settings WHERE site_key = $1`, [
      siteKey,
    ]);
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async findByTenant(tenantId: string): Promise<WidgetSettings | null> {
    const { rows } = await this.database.pool.query<Row>(
      `SELECT ${COLUMNS} FROM widget_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0] ? toSettings(rows[0]) : null;
  }

  /** Creates the tenant's widget with a new site key, or updates it keeping its key. */
  async upsert(tenantId: string, input: WidgetSettingsInput): Promise<WidgetSettings> {
    try {
      const { rows } = await this.database.pool.query<Row>(
        `INSERT INTO widget_settings (tenant_id, site_key, agent_id, allowed_origins, theme)
         SELECT $1, $2, a.id, $4::text[], $5::jsonb FROM agents a WHERE a.tenant_id = $1 AND a.id = $3
         ON CONFLICT (tenant_id) DO UPDATE SET agent_id = EXCLUDED.agent_id,
           allowed_origins = EXCLUDED.allowed_origins, theme = EXCLUDED.theme, updated_at = now()
         RETURNING ${COLUMNS}`,
        [tenantId, newSiteKey(), input.agentId, input.allowedOrigins, JSON.stringify(input.theme)],
      );
      if (!rows[0]) throw agentNotFound(input.agentId);
      return toSettings(rows[0]);
    } catch (error) {
      if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) throw agentNotFound(input.agentId);
      throw error;
    }
  }

  /** A new key for a leaked or retired one; the old key stops working at once. */
  async rotateSiteKey(tenantId: string): Promise<WidgetSettings | null> {
    const { rows } = await this.database.pool.query<Row>(
      `UPDATE widget_settings SET site_key = $2, updated_at = now() WHERE tenant_id = $1 RETURNING ${COLUMNS}`,
      [tenantId, newSiteKey()],
    );
    return rows[0] ? toSettings(rows[0]) : null;
  }
}

function agentNotFound(agentId: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `agent ${agentId} not found`);
}

function toSettings(row: Row): WidgetSettings {
  return { ...row, createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)! };
}

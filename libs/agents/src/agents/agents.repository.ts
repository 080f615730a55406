import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';
import { AgentDefinition, AgentSettings } from './agent.types';

const COLUMNS = `id, tenant_id AS "tenantId", name, slug, settings, created_at AS "createdAt", updated_at AS "updatedAt",
  (SELECT json_build_object('id', m.id, 'version', m.version) FROM intent_models m
    WHERE m.tenant_id = agents.tenant_id AND m.agent_id = agents.id AND m.active) AS "activeIntentModel"`;

export interface AgentRow {
  name: string;
  slug: string;
  settings: AgentSettings;
}

/** All SQL of the agents table; every statement is scoped to a tenant. */
@Injectable()
export class AgentsRepository {
  constructor(private readonly database: Database) {}

  /** Null when the slug is taken in this tenant. */
  async insert(tenantId: string, row: AgentRow): Promise<AgentDefinition | null> {
    const { rows } = await this.database.pool.query<AgentDefinition>(
      `INSERT INTO agents (id, tenant_id, name, slug, settings) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, slug) DO NOTHING RETURNING ${COLUMNS}`,
      [randomUUID(), tenantId, row.name, row.slug, JSON.stringify(row.settings)],
    );
    return rows[0] ?? null;
  }

  async findById(tenantId: string, id: string): Promise<AgentDefinition | null> {
    const { rows } = await this.database.pool.query<AgentDefinition>(
      `SELECT ${COLUMNS} FROM agents WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async findBySlug(tenantId: string, slug: string): Promise<AgentDefinition | null> {
    const { rows } = await this.database.pool.query<AgentDefinition>(
      `SELECT ${COLUMNS} FROM agents WHERE tenant_id = $1 AND slug = $2`,
      [tenantId, slug],
    );
    return rows[0] ?? null;
  }

  async listByTenant(tenantId: string): Promise<AgentDefinition[]> {
    const { rows } = await this.database.pool.query<AgentDefinition>(
      `SELECT ${COLUMNS} FROM agents WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
    return rows;
  }

  /** Null when the agent does not exist in this tenant; 'conflict' when the new slug is taken. */
  async update(tenantId: string, id: string, row: AgentRow): Promise<AgentDefinition | null | 'conflict'> {
    try {
      const { rows } = await this.database.pool.query<AgentDefinition>(
        `UPDATE agents SET name = $3, slug = $4, settings = $5, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [tenantId, id, row.name, row.slug, JSON.stringify(row.settings)],
      );
      return rows[0] ?? null;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return 'conflict';
      throw error;
    }
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('DELETE FROM agents WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return (rowCount ?? 0) > 0;
  }
}

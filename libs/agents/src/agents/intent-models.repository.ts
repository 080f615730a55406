import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';
import type { IntentClassifierState, IntentMetrics, LabelledText } from '../intents';

/** Rolls the activation back when the target version cannot be used. */
class NotReady extends Error {}

export type IntentModelStatus = 'training' | 'ready' | 'failed';

export interface IntentModelVersion {
  id: string;
  tenantId: string;
  agentId: string;
  version: number;
  status: IntentModelStatus;
  metrics: IntentMetrics | null;
  error: string | null;
  active: boolean;
  exampleCount: number;
  createdAt: Date;
  trainedAt: Date | null;
}

const COLUMNS = `id, tenant_id AS "tenantId", agent_id AS "agentId", version, status, metrics, error, active,
  jsonb_array_length(examples) AS "exampleCount", created_at AS "createdAt", trained_at AS "trainedAt"`;

/** All SQL of intent_models: versions are only added, finished once, and (de)activated. */
@Injectable()
export class IntentModelsRepository {
  constructor(private readonly database: Database) {}

  /**
   * Numbers the version inside the insert so two concurrent trainings cannot take the same number
   * (the unique index turns a race into an error rather than a duplicate).
   */
  async insertTraining(tenantId: string, agentId: string, examples: LabelledText[]): Promise<IntentModelVersion> {
    const { rows } = await this.database.pool.query<IntentModelVersion>(
      `INSERT INTO intent_models (id, tenant_id, agent_id, version, examples)
       SELECT $1, $2, $3, COALESCE(MAX(version), 0) + 1, $4 FROM intent_models WHERE tenant_id = $2 AND agent_id = $3
       RETURNING ${COLUMNS}`,
      [randomUUID(), tenantId, agentId, JSON.stringify(examples)],
    );
    return rows[0];
  }

  async findExamples(tenantId: string, id: string): Promise<LabelledText[] | null> {
    const { rows } = await this.database.pool.query<{ examples: LabelledText[] }>(
      `SELECT examples FROM intent_models WHERE tenant_id = $1 AND id = $2 AND status = 'training'`,
      [tenantId, id],
    );
    return rows[0]?.examples ?? null;
  }

  /** The examples a finished version was trained on (distillation starts from the active one's). */
  async findTrainedExamples(tenantId: string, id: string): Promise<LabelledText[] | null> {
    const { rows } = await this.database.pool.query<{ examples: LabelledText[] }>(
      `SELECT examples FROM intent_models WHERE tenant_id = $1 AND id = $2 AND status = 'ready'`,
      [tenantId, id],
    );
    return rows[0]?.examples ?? null;
  }

  async markReady(tenantId: string, id: string, weights: IntentClassifierState, metrics: IntentMetrics): Promise<void> {
    await this.database.pool.query(
      `UPDATE intent_models SET status = 'ready', weights = $3, metrics = $4, error = NULL, trained_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'training'`,
      [tenantId, id, JSON.stringify(weights), JSON.stringify(metrics)],
    );
  }

  async markFailed(tenantId: string, id: string, error: string): Promise<void> {
    await this.database.pool.query(
      `UPDATE intent_models SET status = 'failed', error = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'training'`,
      [tenantId, id, error],
    );
  }

  async listVersions(tenantId: string, agentId: string): Promise<IntentModelVersion[]> {
    const { rows } = await this.database.pool.query<IntentModelVersion>(
      `SELECT ${COLUMNS} FROM intent_models WHERE tenant_id = $1 AND agent_id = $2 ORDER BY version DESC`,
      [tenantId, agentId],
    );
    return rows;
  }

  async findVersion(tenantId: string, agentId: string, version: number): Promise<IntentModelVersion | null> {
    const { rows } = await this.database.pool.query<IntentModelVersion>(
      `SELECT ${COLUMNS} FROM intent_models WHERE tenant_id = $1 AND agent_id = $2 AND version = $3`,
      [tenantId, agentId, version],
    );
    return rows[0] ?? null;
  }

  /**
   * Deactivates the current version and activates `version` in one transaction (the unique index
   * allows one active version per agent). False, and nothing changed, when that version is not ready.
   */
  async activate(tenantId: string, agentId: string, version: number): Promise<boolean> {
    return this.database
      .transaction(async (client) => {
        await client.query(
          'UPDATE intent_models SET active = false WHERE tenant_id = $1 AND agent_id = $2 AND active AND version <> $3',
          [tenantId, agentId, version],
        );
        const { rowCount } = await client.query(
          `UPDATE intent_models SET active = true WHERE tenant_id = $1 AND agent_id = $2 AND version = $3 AND status = 'ready'`,
          [tenantId, agentId, version],
        );
        if (!rowCount) throw new NotReady();
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof NotReady) return false;
        throw error;
      });
  }

  async findActive(tenantId: string, agentId: string): Promise<{ id: string; version: number } | null> {
    const { rows } = await this.database.pool.query<{ id: string; version: number }>(
      `SELECT id, version FROM intent_models WHERE tenant_id = $1 AND agent_id = $2 AND active`,
      [tenantId, agentId],
    );
    return rows[0] ?? null;
  }

  async findWeights(tenantId: string, id: string): Promise<IntentClassifierState | null> {
    const { rows } = await this.database.pool.query<{ weights: IntentClassifierState }>(
      `SELECT weights FROM intent_models WHERE tenant_id = $1 AND id = $2 AND status = 'ready'`,
      [tenantId, id],
    );
    return rows[0]?.weights ?? null;
  }
}

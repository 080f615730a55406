import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@app/core';
import type { TeacherExample } from './distillation-set';

export type IntentLabelSource = 'human' | 'escalation';

export interface IntentLabel {
  id: string;
  tenantId: string;
  agentId: string;
  conversationId: string;
  messageId: string;
  /** The visitor's message with PII replaced by placeholders. */
  text: string;
  label: string;
  source: IntentLabelSource;
  createdAt: Date;
  updatedAt: Date;
}

export type NewIntentLabel = Omit<IntentLabel, 'id' | 'createdAt' | 'updatedAt'>;

const COLUMNS = `id, tenant_id AS "tenantId", agent_id AS "agentId", conversation_id AS "conversationId",
  message_id AS "messageId", text, label, source, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** All SQL of intent_labels: the teacher's decisions, one per visitor message. */
@Injectable()
export class IntentLabelsRepository {
  constructor(private readonly database: Database) {}

  /**
   * A message has one label: labelling it again replaces the label (the latest decision wins), except
   * that the escalation model never replaces a human, who saw the real conversation. Null when an
   * escalation label met a human one (which stays). `client`: inside the caller's transaction.
   */
  async upsert(input: NewIntentLabel, client?: PoolClient): Promise<IntentLabel | null> {
    const { rows } = await (client ?? this.database.pool).query<IntentLabel>(
      `INSERT INTO intent_labels (id, tenant_id, agent_id, conversation_id, message_id, text, label, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (message_id) DO UPDATE SET label = EXCLUDED.label, source = EXCLUDED.source,
         text = EXCLUDED.text, updated_at = now()
       WHERE intent_labels.tenant_id = EXCLUDED.tenant_id
         AND (EXCLUDED.source = 'human' OR intent_labels.source = 'escalation')
       RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        input.tenantId,
        input.agentId,
        input.conversationId,
        input.messageId,
        input.text,
        input.label,
        input.source,
      ],
    );
    return rows[0] ?? null;
  }

  /** The agent's teacher labels in a stable order, so a distillation can be repeated exactly. */
  async listExamples(tenantId: string, agentId: string): Promise<TeacherExample[]> {
    const { rows } = await this.database.pool.query<TeacherExample>(
      `SELECT text, label, source FROM intent_labels WHERE tenant_id = $1 AND agent_id = $2 ORDER BY created_at, id`,
      [tenantId, agentId],
    );
    return rows;
  }
}

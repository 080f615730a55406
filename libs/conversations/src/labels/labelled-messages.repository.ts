import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';
import type { MessageRole } from '../conversation.types';

/** What labelling needs to know about a message: who wrote it, what it says, which agent answered. */
export interface LabellableMessage {
  id: string;
  conversationId: string;
  agentId: string;
  role: MessageRole;
  text: string;
}

/** Read-only: finds one message of a conversation for the labelling endpoint. */
@Injectable()
export class LabelledMessagesRepository {
  constructor(private readonly database: Database) {}

  async find(tenantId: string, conversationId: string, messageId: string): Promise<LabellableMessage | null> {
    const { rows } = await this.database.pool.query<LabellableMessage>(
      `SELECT m.id, m.conversation_id AS "conversationId", c.agent_id AS "agentId", m.role, m.text
       FROM messages m JOIN conversations c ON c.id = m.conversation_id AND c.tenant_id = m.tenant_id
       WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.id = $3`,
      [tenantId, conversationId, messageId],
    );
    return rows[0] ?? null;
  }

  async conversationExists(tenantId: string, conversationId: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query(
      'SELECT 1 FROM conversations WHERE tenant_id = $1 AND id = $2',
      [tenantId, conversationId],
    );
    return (rowCount ?? 0) > 0;
  }
}

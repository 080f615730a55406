import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@app/core';
import type { Citation, TraceStep } from '@app/agents';
import type { Message, MessageRole } from '../conversation.types';
import { iso } from '../database/pg-errors';

export interface NewMessage {
  /** A bot reply keeps the id its streamed tokens carried (`replyId`), so clients can match them. */
  id?: string;
  role: MessageRole;
  text: string;
  citations?: Citation[];
  trace?: TraceStep[] | null;
  authorId?: string | null;
}

const COLUMNS = `id, tenant_id AS "tenantId", conversation_id AS "conversationId", seq, role, text, citations, trace,
  author_id AS "authorId", created_at AS "createdAt"`;

type Row = Omit<Message, 'createdAt'> & { createdAt: Date };

@Injectable()
export class MessagesRepository {
  constructor(private readonly database: Database) {}

  /** Inside the transaction that allocated `seq` (ConversationsRepository.allocateSeq). */
  async insert(client: PoolClient, tenantId: string, conversationId: string, seq: number, input: NewMessage) {
    const { rows } = await client.query<Row>(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, role, text, citations, trace, author_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)
       RETURNING ${COLUMNS}`,
      [
        input.id ?? randomUUID(),
        tenantId,
        conversationId,
        seq,
        input.role,
        input.text,
        JSON.stringify(input.citations ?? []),
        input.trace ? JSON.stringify(input.trace) : null,
        input.authorId ?? null,
      ],
    );
    return toMessage(rows[0]);
  }

  /** Messages with seq > afterSeq, in order. */
  async listAfter(tenantId: string, conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const { rows } = await this.database.pool.query<Row>(
      `SELECT ${COLUMNS} FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND seq > $3
       ORDER BY seq LIMIT $4`,
      [tenantId, conversationId, afterSeq, limit],
    );
    return rows.map(toMessage);
  }

  /** The last `limit` messages before seq `beforeSeq`, oldest first. */
  async listBefore(tenantId: string, conversationId: string, beforeSeq: number, limit: number): Promise<Message[]> {
    const { rows } = await this.database.pool.query<Row>(
      `SELECT * FROM (
         SELECT ${COLUMNS} FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND seq < $3
         ORDER BY seq DESC LIMIT $4
       ) recent ORDER BY seq`,
      [tenantId, conversationId, beforeSeq, limit],
    );
    return rows.map(toMessage);
  }
}

function toMessage(row: Row): Message {
  return { ...row, createdAt: iso(row.createdAt)! };
}

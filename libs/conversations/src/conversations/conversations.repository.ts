import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@app/core';
import type { PendingConfirmation } from '@app/agents';
import type { Channel, Conversation, ConversationState } from '../conversation.types';
import { iso } from '../database/pg-errors';
import { decodeConversationCursor, encodeConversationCursor } from './conversation-cursor';

export interface ConversationListQuery {
  state?: ConversationState;
  agentId?: string;
  contactId?: string;
  channel?: Channel;
  /** 1..100 */
  limit: number;
  cursor?: string;
}

export interface ConversationPage {
  data: Conversation[];
  nextCursor: string | null;
}

/** A state change, applied only if the conversation is still in `from` (optimistic check). */
export interface StateChange {
  from: ConversationState;
  to: ConversationState;
  /** undefined: unchanged. */
  assigneeId?: string | null;
  countHandoff: boolean;
}

const COLUMNS = `id, tenant_id AS "tenantId", agent_id AS "agentId", contact_id AS "contactId", channel, state,
  assignee_id AS "assigneeId", intent, handoff_count AS "handoffCount", last_seq AS "lastSeq",
  pending_confirmation AS "pendingConfirmation", created_at AS "createdAt", updated_at AS "updatedAt",
  resolved_at AS "resolvedAt"`;

const CURSOR_AT = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

type Queryable = Pick<PoolClient, 'query'>;
type Row = Omit<Conversation, 'createdAt' | 'updatedAt' | 'resolvedAt'> & {
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
};

@Injectable()
export class ConversationsRepository {
  constructor(private readonly database: Database) {}

  async create(tenantId: string, input: { agentId: string; contactId: string; channel: Channel }) {
    const { rows } = await this.database.pool.query<Row>(
      `INSERT INTO conversations (id, tenant_id, agent_id, contact_id, channel) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${COLUMNS}`,
      [randomUUID(), tenantId, input.agentId, input.contactId, input.channel],
    );
    return toConversation(rows[0]);
  }

  async findById(tenantId: string, id: string, db: Queryable = this.database.pool): Promise<Conversation | null> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM conversations WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      id,
    ]);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  /** Most recently active first, keyset-paginated on (updated_at, id). */
  async list(tenantId: string, query: ConversationListQuery): Promise<ConversationPage> {
    const after = query.cursor ? decodeConversationCursor(query.cursor) : null;
    const { rows } = await this.database.pool.query<Row & { cursorAt: string }>(
      `SELECT ${COLUMNS}, ${CURSOR_AT} FROM conversations
       WHERE tenant_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::uuid IS NULL OR agent_id = $3)
         AND ($4::uuid IS NULL OR contact_id = $4) AND ($5::text IS NULL OR channel = $5)
         AND ($6::timestamptz IS NULL OR (updated_at, id) < ($6::timestamptz, $7::uuid))
       ORDER BY updated_at DESC, id DESC
       LIMIT $8`,
      [
        tenantId,
        query.state ?? null,
        query.agentId ?? null,
        query.contactId ?? null,
        query.channel ?? null,
        after?.at ?? null,
        after?.id ?? null,
        query.limit + 1,
      ],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > query.limit && last ? encodeConversationCursor({ at: last.cursorAt, id: last.id }) : null;
    return { data: page.map(({ cursorAt: _, ...row }) => toConversation(row)), nextCursor };
  }

  /**
   * Allocates the next message sequence number. The row lock it takes serialises concurrent appends
   * (gapless seq) and orders them against state changes. With `requireState`, nothing is allocated
   * (null) unless the conversation is in that state at this moment.
   */
  async allocateSeq(
    client: PoolClient,
    tenantId: string,
    id: string,
    requireState?: ConversationState,
  ): Promise<Conversation | null> {
    const { rows } = await client.query<Row>(
      `UPDATE conversations SET last_seq = last_seq + 1, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND ($3::text IS NULL OR state = $3)
       RETURNING ${COLUMNS}`,
      [tenantId, id, requireState ?? null],
    );
    return rows[0] ? toConversation(rows[0]) : null;
  }

  /** Null when the state is no longer `change.from`: a concurrent transition won. */
  async changeState(client: PoolClient, tenantId: string, id: string, change: StateChange) {
    const { rows } = await client.query<Row>(
      `UPDATE conversations SET state = $4,
         assignee_id = CASE WHEN $5::boolean THEN $6::uuid ELSE assignee_id END,
         handoff_count = handoff_count + CASE WHEN $7::boolean THEN 1 ELSE 0 END,
         resolved_at = CASE WHEN $4 = 'resolved' THEN now() ELSE NULL END,
         pending_confirmation = CASE WHEN $4 = 'bot' THEN pending_confirmation ELSE NULL END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND state = $3
       RETURNING ${COLUMNS}`,
      [
        tenantId,
        id,
        change.from,
        change.to,
        change.assigneeId !== undefined,
        change.assigneeId ?? null,
        change.countHandoff,
      ],
    );
    return rows[0] ? toConversation(rows[0]) : null;
  }

  /** What the bot learnt from a reply, stored with it. */
  async recordReplyOutcome(
    client: PoolClient,
    tenantId: string,
    id: string,
    outcome: { intent: string | null; pendingConfirmation: PendingConfirmation | null },
  ): Promise<Conversation> {
    const { rows } = await client.query<Row>(
      `UPDATE conversations SET intent = COALESCE($3, intent), pending_confirmation = $4::jsonb, updated_at = now()
       WHERE tenant_id = $1 AND id = $2
       RETURNING ${COLUMNS}`,
      [tenantId, id, outcome.intent, outcome.pendingConfirmation ? JSON.stringify(outcome.pendingConfirmation) : null],
    );
    return toConversation(rows[0]);
  }
}

function toConversation(row: Row): Conversation {
  return {
    ...row,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    resolvedAt: iso(row.resolvedAt),
  };
}

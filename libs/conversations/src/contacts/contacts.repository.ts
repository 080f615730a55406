import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database, DomainError, ErrorCode } from '@app/core';
import type { Contact } from '../conversation.types';
import { iso, pgErrorCode, UNIQUE_VIOLATION } from '../database/pg-errors';

/** At least one identity; the others are attached to the contact found by it. */
export interface ContactInput {
  externalId?: string | null;
  email?: string | null;
  visitorId?: string | null;
  name?: string | null;
  /** Merged into the stored attributes (top-level keys replaced). */
  attributes?: Record<string, unknown>;
}

const COLUMNS = `id, tenant_id AS "tenantId", external_id AS "externalId", email, visitor_id AS "visitorId", name,
  attributes, created_at AS "createdAt", updated_at AS "updatedAt"`;

type ContactRow = Omit<Contact, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

@Injectable()
export class ContactsRepository {
  constructor(private readonly database: Database) {}

  /**
   * Finds the contact by external id, then email, then visitor id, and updates it with what is new;
   * otherwise inserts one. A concurrent insert of the same identity makes the loser retry the lookup.
   */
  async upsert(tenantId: string, input: ContactInput): Promise<Contact> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.findByIdentity(tenantId, input);
      const row = existing ? await this.update(tenantId, existing.id, input) : await this.insert(tenantId, input);
      if (row) return toContact(row);
    }
    throw new DomainError(ErrorCode.Conflict, 'contact: concurrent updates of the same contact, retry');
  }

  async findById(tenantId: string, id: string): Promise<Contact | null> {
    const { rows } = await this.database.pool.query<ContactRow>(
      `SELECT ${COLUMNS} FROM contacts WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? toContact(rows[0]) : null;
  }

  private async findByIdentity(tenantId: string, input: ContactInput): Promise<ContactRow | null> {
    const { rows } = await this.database.pool.query<ContactRow>(
      `SELECT ${COLUMNS} FROM contacts
       WHERE tenant_id = $1 AND (external_id = $2 OR email = $3 OR visitor_id = $4)
       ORDER BY (external_id = $2) IS TRUE DESC, (email = $3) IS TRUE DESC
       LIMIT 1`,
      [tenantId, input.externalId ?? null, input.email ?? null, input.visitorId ?? null],
    );
    return rows[0] ?? null;
  }

  private async insert(tenantId: string, input: ContactInput): Promise<ContactRow | null> {
    const { rows } = await this.database.pool.query<ContactRow>(
      `INSERT INTO contacts (id, tenant_id, external_id, email, visitor_id, name, attributes)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        tenantId,
        input.externalId ?? null,
        input.email ?? null,
        input.visitorId ?? null,
        input.name ?? null,
        JSON.stringify(input.attributes ?? {}),
      ],
    );
    return rows[0] ?? null;
  }

  /** Null when the row vanished meanwhile; Conflict when a new identity belongs to another contact. */
  private async update(tenantId: string, id: string, input: ContactInput): Promise<ContactRow | null> {
    try {
      const { rows } = await this.database.pool.query<ContactRow>(
        `UPDATE contacts SET external_id = COALESCE($3, external_id), email = COALESCE($4, email),
           visitor_id = COALESCE($5, visitor_id), name = COALESCE($6, name), attributes = attributes || $7::jsonb,
           updated_at = now()
         WHERE tenant_id = $1 AND id = $2
         RETURNING ${COLUMNS}`,
        [
          tenantId,
          id,
          input.externalId ?? null,
          input.email ?? null,
          input.visitorId ?? null,
          input.name ?? null,
          JSON.stringify(input.attributes ?? {}),
        ],
      );
      return rows[0] ?? null;
    } catch (error) {
      if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
      throw new DomainError(
        ErrorCode.Conflict,
        'contact: the externalId, email and visitorId given belong to different contacts',
      );
    }
  }
}

function toContact(row: ContactRow): Contact {
  return { ...row, createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)! };
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database, UserRole } from '@app/core';

export interface UserRecord {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: UserRole;
  createdAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
}

const COLUMNS = `id, tenant_id AS "tenantId", email, name, role, created_at AS "createdAt"`;

/** At most this many accounts are checked for one email when the login names no tenant. */
export const MAX_LOGIN_CANDIDATES = 20;

@Injectable()
export class UsersRepository {
  constructor(private readonly database: Database) {}

  /** Null when the email is taken in this tenant. */
  async insert(tenantId: string, user: NewUser): Promise<UserRecord | null> {
    const { rows } = await this.database.pool.query<UserRecord>(
      `INSERT INTO users (id, tenant_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, email) DO NOTHING RETURNING ${COLUMNS}`,
      [randomUUID(), tenantId, user.email, user.name, user.role, user.passwordHash],
    );
    return rows[0] ?? null;
  }

  async listByTenant(tenantId: string): Promise<UserRecord[]> {
    const { rows } = await this.database.pool.query<UserRecord>(
      `SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 ORDER BY email`,
      [tenantId],
    );
    return rows;
  }

  async findById(tenantId: string, id: string): Promise<UserRecord | null> {
    const { rows } = await this.database.pool.query<UserRecord>(
      `SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('DELETE FROM users WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return rowCount === 1;
  }

  /**
   * The only query that reads password hashes, and the one that may span tenants: a login that names
   * no tenant looks the email up everywhere (then checks the password against each account found).
   */
  async findCredentialsByEmail(
    email: string,
    tenantId: string | undefined,
  ): Promise<(UserRecord & { passwordHash: string })[]> {
    const { rows } = await this.database.pool.query<UserRecord & { passwordHash: string }>(
      `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM users
       WHERE email = $1 AND ($2::uuid IS NULL OR tenant_id = $2) ORDER BY created_at, id LIMIT $3`,
      [email, tenantId ?? null, MAX_LOGIN_CANDIDATES],
    );
    return rows;
  }
}

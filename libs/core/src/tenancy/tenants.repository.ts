import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '../database/database.module';

export interface Tenant {
  id: string;
  name: string;
  createdAt: Date;
}

type Queryable = Pick<PoolClient, 'query'>;

@Injectable()
export class TenantsRepository {
  constructor(private readonly database: Database) {}

  async insert(name: string, db: Queryable = this.database.pool): Promise<Tenant> {
    const { rows } = await db.query<Tenant>(
      'INSERT INTO tenants (id, name) VALUES ($1, $2) RETURNING id, name, created_at AS "createdAt"',
      [randomUUID(), name],
    );
    return rows[0];
  }

  async findById(id: string): Promise<Tenant | null> {
    const { rows } = await this.database.pool.query<Tenant>(
      'SELECT id, name, created_at AS "createdAt" FROM tenants WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  /** The oldest tenant with exactly this name (names are not unique: callers use it for well-known tenants). */
  async findByName(name: string): Promise<Tenant | null> {
    const { rows } = await this.database.pool.query<Tenant>(
      'SELECT id, name, created_at AS "createdAt" FROM tenants WHERE name = $1 ORDER BY created_at, id LIMIT 1',
      [name],
    );
    return rows[0] ?? null;
  }

  async exists(): Promise<boolean> {
    const { rows } = await this.database.pool.query('SELECT EXISTS (SELECT 1 FROM tenants) AS found');
    return rows[0].found;
  }
}

import { Injectable } from '@nestjs/common';
import { Database } from '@app/core';

/**
 * The operator CLI names a collection by id alone and runs with database access, not an API key: it
 * finds the tenant from the collection. The one query of the CLI without a tenant filter; every
 * call after it carries the tenant found here.
 */
@Injectable()
export class CollectionOwnerRepository {
  constructor(private readonly database: Database) {}

  async findTenantId(collectionId: string): Promise<string | null> {
    const { rows } = await this.database.pool.query<{ tenantId: string }>(
      'SELECT tenant_id AS "tenantId" FROM collections WHERE id = $1',
      [collectionId],
    );
    return rows[0]?.tenantId ?? null;
  }
}

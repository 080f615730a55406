import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.module';
import { DomainError, ErrorCode } from '../errors/domain.error';
import { ApiKeysService, CreatedApiKey } from './api-keys.service';
import { Tenant, TenantsRepository } from './tenants.repository';

@Injectable()
export class TenantsService {
  constructor(
    private readonly database: Database,
    private readonly tenants: TenantsRepository,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** A tenant and its first admin key, together or not at all. */
  async createWithAdminKey(name: string, actor = 'cli'): Promise<{ tenant: Tenant; adminKey: CreatedApiKey }> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 200) {
      throw new DomainError(ErrorCode.ValidationFailed, 'tenant name must be 1 to 200 characters');
    }
    return this.database.transaction(async (client) => {
      const tenant = await this.tenants.insert(trimmed, client);
      const adminKey = await this.apiKeys.createWith(client, tenant.id, 'first admin key', ['admin'], actor);
      return { tenant, adminKey };
    });
  }

  /** True before the first tenant is created: the embedded start then makes one for its owner. */
  async isFirstRun(): Promise<boolean> {
    return !(await this.tenants.exists());
  }

  findById(id: string): Promise<Tenant | null> {
    return this.tenants.findById(id);
  }

  findByName(name: string): Promise<Tenant | null> {
    return this.tenants.findByName(name);
  }
}

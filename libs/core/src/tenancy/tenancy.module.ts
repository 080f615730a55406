import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuditLogRepository } from './audit-log.repository';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Global()
@Module({
  providers: [TenantsRepository, ApiKeysRepository, AuditLogRepository, ApiKeysService, TenantsService, ApiKeyGuard],
  exports: [ApiKeysService, TenantsService, AuditLogRepository, ApiKeyGuard],
})
export class TenancyModule {}

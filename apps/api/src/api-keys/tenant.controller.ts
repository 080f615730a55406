import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, NotFoundError, TenantsService } from '@app/core';
import { ApiKeyAuth } from '../openapi/api-docs.decorators';

/** Who am I: lets an integration check its key and see its scopes. */
@ApiTags('api keys')
@ApiKeyAuth()
@Controller('v1/tenant')
@UseGuards(ApiKeyGuard)
export class TenantController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  async current(@Auth() auth: AuthContext): Promise<{ id: string; name: string; scopes: string[] }> {
    const tenant = await this.tenants.findById(auth.tenantId);
    if (!tenant) throw new NotFoundError('tenant', auth.tenantId);
    return { id: tenant.id, name: tenant.name, scopes: auth.scopes };
  }
}

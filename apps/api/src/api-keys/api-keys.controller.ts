import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, ApiKeysService, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { ApiKeyView, CreateApiKeyDto, createApiKeySchema, toApiKeyView, uuidSchema } from './api-keys.dto';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';

@ApiTags('api keys')
@ApiKeyAuth()
@Controller('v1/api-keys')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  async list(@Auth() auth: AuthContext): Promise<{ data: ApiKeyView[] }> {
    return { data: (await this.apiKeys.list(auth.tenantId)).map(toApiKeyView) };
  }

  /** The only response that ever contains the key itself. */
  @Post()
  @ApiZodBody(createApiKeySchema)
  @ApiErrors(400)
  async create(
    @Auth() auth: AuthContext,
    @Body(new ZodValidationPipe(createApiKeySchema)) body: CreateApiKeyDto,
  ): Promise<ApiKeyView & { key: string }> {
    const created = await this.apiKeys.create(auth.tenantId, body.name, body.scopes, `key:${auth.keyId}`);
    return { ...toApiKeyView(created.record), key: created.key };
  }

  @Delete(':id')
  @HttpCode(200)
  async revoke(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
  ): Promise<ApiKeyView> {
    return toApiKeyView(await this.apiKeys.revoke(auth.tenantId, id, `key:${auth.keyId}`));
  }
}

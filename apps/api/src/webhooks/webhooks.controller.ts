import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { WebhooksService } from '@app/conversations';
import {
  CreateWebhookDto,
  createWebhookSchema,
  toWebhookView,
  UpdateWebhookDto,
  updateWebhookSchema,
  uuidSchema,
} from './webhooks.dto';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';

@ApiTags('webhooks')
@ApiKeyAuth()
@Controller('v1/webhooks')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** The response is the only place the signing secret ever appears. */
  @Post()
  @ApiZodBody(createWebhookSchema)
  @ApiErrors(400)
  async create(@Auth() auth: AuthContext, @Body(new ZodValidationPipe(createWebhookSchema)) body: CreateWebhookDto) {
    const { webhook, secret } = await this.webhooks.create(auth.tenantId, body);
    return { ...toWebhookView(webhook), secret };
  }

  @Get()
  async list(@Auth() auth: AuthContext) {
    return { data: (await this.webhooks.list(auth.tenantId)).map(toWebhookView) };
  }

  @Get(':id')
  @ApiErrors(400, 404)
  async get(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string) {
    return toWebhookView(await this.webhooks.get(auth.tenantId, id));
  }

  @Patch(':id')
  @ApiZodBody(updateWebhookSchema)
  @ApiErrors(400, 404)
  async update(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
    @Body(new ZodValidationPipe(updateWebhookSchema)) body: UpdateWebhookDto,
  ) {
    return toWebhookView(await this.webhooks.update(auth.tenantId, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 404)
  async delete(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string): Promise<void> {
    await this.webhooks.delete(auth.tenantId, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiErrors(400, 404)
  async rotateSecret(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string) {
    const { webhook, secret } = await this.webhooks.rotateSecret(auth.tenantId, id);
    return { ...toWebhookView(webhook), secret };
  }
}

import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { WebhooksService } from '@app/conversations';
import {
  ListDeliveriesDto,
  listDeliveriesSchema,
  toDeliveryDetailView,
  toDeliveryView,
  uuidSchema,
} from './webhooks.dto';
import { ApiErrors, ApiKeyAuth, ApiZodQuery } from '../openapi/api-docs.decorators';

/** The delivery log of one webhook, newest first. */
@ApiTags('webhooks')
@ApiKeyAuth()
@Controller('v1/webhooks/:webhookId/deliveries')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class WebhookDeliveriesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiZodQuery(listDeliveriesSchema)
  @ApiErrors(400, 404)
  async list(
    @Auth() auth: AuthContext,
    @Param('webhookId', new ZodValidationPipe(uuidSchema)) webhookId: string,
    @Query(new ZodValidationPipe(listDeliveriesSchema)) query: ListDeliveriesDto,
  ) {
    const page = await this.webhooks.listDeliveries(auth.tenantId, webhookId, query);
    return { data: page.data.map(toDeliveryView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiErrors(400, 404)
  async get(
    @Auth() auth: AuthContext,
    @Param('webhookId', new ZodValidationPipe(uuidSchema)) webhookId: string,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
  ) {
    return toDeliveryDetailView(await this.webhooks.getDelivery(auth.tenantId, webhookId, id));
  }

  /** 202: a new delivery of the same event is queued; the original stays in the log as it was. */
  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiErrors(400, 404, 409)
  async redeliver(
    @Auth() auth: AuthContext,
    @Param('webhookId', new ZodValidationPipe(uuidSchema)) webhookId: string,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
  ) {
    return toDeliveryView(await this.webhooks.redeliver(auth.tenantId, webhookId, id));
  }
}

import { Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { UrlSourcesService } from '@app/rag';
import { ApiErrors, ApiKeyAuth } from '../openapi/api-docs.decorators';
import { toUrlSourceView, uuidSchema } from './knowledge.dto';

/** URL sources (created by `POST /v1/collections/:id/documents` with a `url`): list, inspect, sync, stop. */
@ApiTags('knowledge')
@ApiKeyAuth()
@ApiErrors(400, 404)
@Controller('v1')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class UrlSourcesController {
  constructor(private readonly sources: UrlSourcesService) {}

  @Get('collections/:collectionId/sources')
  async list(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
  ) {
    return { data: (await this.sources.list(auth.tenantId, collectionId)).map(toUrlSourceView) };
  }

  @Get('sources/:id')
  async get(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string) {
    return toUrlSourceView(await this.sources.get(auth.tenantId, id));
  }

  /** 202: the sync is queued (or already running, then the source is returned as it is). */
  @Post('sources/:id/sync')
  @HttpCode(202)
  async sync(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string) {
    return toUrlSourceView(await this.sources.syncNow(auth.tenantId, id));
  }

  /** Stops re-syncing; the documents already crawled stay in their collection. */
  @Delete('sources/:id')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string): Promise<void> {
    await this.sources.delete(auth.tenantId, id);
  }
}

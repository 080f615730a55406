import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { CollectionsService } from '@app/rag';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import {
  CreateCollectionDto,
  createCollectionSchema,
  toCollectionView,
  UpdateCollectionDto,
  updateCollectionSchema,
  uuidSchema,
} from './knowledge.dto';

@ApiTags('knowledge')
@ApiKeyAuth()
@Controller('v1/collections')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get()
  async list(@Auth() auth: AuthContext) {
    return { data: (await this.collections.describeAll(auth.tenantId)).map(toCollectionView) };
  }

  @Post()
  @ApiZodBody(createCollectionSchema)
  @ApiErrors(400, 409)
  async create(
    @Auth() auth: AuthContext,
    @Body(new ZodValidationPipe(createCollectionSchema)) body: CreateCollectionDto,
  ) {
    return toCollectionView(await this.collections.create(auth.tenantId, body.name));
  }

  @Get(':id')
  async get(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string) {
    return toCollectionView(await this.collections.describe(auth.tenantId, id));
  }

  /**
   * `{ embedder }`: re-embeds the collection with that model in the background; queries keep using
   * the current vectors until the switch. The current embedder cancels a re-embed under way.
   */
  @Patch(':id')
  @ApiZodBody(updateCollectionSchema)
  @ApiErrors(400, 404, 409)
  async update(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
    @Body(new ZodValidationPipe(updateCollectionSchema)) body: UpdateCollectionDto,
  ) {
    return toCollectionView(await this.collections.changeEmbedder(auth.tenantId, id, body.embedder));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string): Promise<void> {
    await this.collections.delete(auth.tenantId, id);
  }
}

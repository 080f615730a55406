import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { CollectionsService } from '@app/rag';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { CreateCollectionDto, createCollectionSchema, toCollectionView, uuidSchema } from './knowledge.dto';

@ApiTags('knowledge')
@ApiKeyAuth()
@Controller('v1/collections')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get()
  async list(@Auth() auth: AuthContext) {
    return { data: (await this.collections.list(auth.tenantId)).map(toCollectionView) };
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
    return toCollectionView(await this.collections.get(auth.tenantId, id));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string): Promise<void> {
    await this.collections.delete(auth.tenantId, id);
  }
}

import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { RetrievalService } from '@app/rag';
import { RetrieveDto, retrieveSchema, toRetrievedView } from './knowledge.dto';
import { ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';

/** Hybrid retrieval over the tenant's collections, for debugging and for CRMs. */
@ApiTags('knowledge')
@ApiKeyAuth()
@Controller('v1/retrieve')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin', 'integration')
export class RetrievalController {
  constructor(private readonly retrieval: RetrievalService) {}

  @Post()
  @HttpCode(200)
  @ApiZodBody(retrieveSchema)
  async retrieve(@Auth() auth: AuthContext, @Body(new ZodValidationPipe(retrieveSchema)) body: RetrieveDto) {
    const hits = await this.retrieval.retrieve({ tenantId: auth.tenantId, ...body });
    return { data: hits.map(toRetrievedView) };
  }
}

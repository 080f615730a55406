import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { RetrievalService } from '@app/rag';
import { RetrieveDto, retrieveSchema, toRetrievedView } from './knowledge.dto';

/** Hybrid retrieval over the tenant's collections, for debugging and for CRMs. */
@Controller('v1/retrieve')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin', 'integration')
export class RetrievalController {
  constructor(private readonly retrieval: RetrievalService) {}

  @Post()
  @HttpCode(200)
  async retrieve(@Auth() auth: AuthContext, @Body(new ZodValidationPipe(retrieveSchema)) body: RetrieveDto) {
    const hits = await this.retrieval.retrieve({ tenantId: auth.tenantId, ...body });
    return { data: hits.map(toRetrievedView) };
  }
}

import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { DocumentsService } from '@app/rag';
import { readDocumentSources } from './document-upload.reader';
import { ListDocumentsDto, listDocumentsSchema, toDocumentView, uuidSchema } from './knowledge.dto';

@Controller('v1/collections/:collectionId/documents')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** 202: stored and queued; `unchanged: true` marks a re-upload of identical content (nothing queued). */
  @Post()
  @HttpCode(202)
  async upload(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Req() request: FastifyRequest,
  ) {
    const uploaded = await this.documents.upload(auth.tenantId, collectionId, await readDocumentSources(request));
    return { data: uploaded.map(({ document, changed }) => ({ ...toDocumentView(document), unchanged: !changed })) };
  }

  @Get()
  async list(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Query(new ZodValidationPipe(listDocumentsSchema)) query: ListDocumentsDto,
  ) {
    const page = await this.documents.list(auth.tenantId, collectionId, query);
    return { data: page.data.map(toDocumentView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
  ) {
    return toDocumentView(await this.documents.get(auth.tenantId, collectionId, id));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
  ): Promise<void> {
    await this.documents.delete(auth.tenantId, collectionId, id);
  }
}
